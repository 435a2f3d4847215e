"""Staff pages, one module per aggregate: compose, preview and publish campaigns; follow
signatures and signers; send updates; verify declarations; manage resources.
Outside scope → 404, without capability → 403 (see advocacy/views/access.py)."""
