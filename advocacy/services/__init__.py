"""Every write of the advocacy app, one module per aggregate: campaigns, signatures,
declarations, updates to signers, resources, and erasure of a signer's data.

Each service takes keyword-only arguments, runs in one transaction, records the
activity log for staff actions and queues work only after commit."""
