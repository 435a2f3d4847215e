"""Reminders of the certification app (the mechanism is network/reminders.py), one module
per subject; CertificationConfig.ready() registers FAMILIES and RULES, and each family has
its hourly sweep in CELERY_BEAT_SCHEDULE.

- applications.py: a draft idle, the eligibility review (warning, limit), the objection
  period (reminders, end);
- certificates.py: renewal notices (60, 30 days and the last day) and the expiry after
  the grace period, which marks the certificate expired;
- evaluations.py: an evaluation a week ahead; corrective actions a week before their due
  date, then weekly while overdue; a non-compliance without a corrective action a week
  before it is to be proposed by, then weekly once late;
- fees.py: the membership fee before and on its due date, until paid; unpaid after it,
  the suspension of its certificate (lifted when the payment is recorded).

Every rule's query keeps only objects still in the state its notice is about, so a
notice that became pointless is never sent, and looks back over a window, so a day
without a sweep is caught up."""

from certification.reminders.applications import (
    DRAFTS,
    ELIGIBILITY,
    OBJECTIONS,
    DraftIdle,
    EligibilityLimit,
    EligibilityWarning,
    ObjectionPeriodOver,
    ObjectionReminder,
)
from certification.reminders.certificates import RENEWAL, CertificateExpiry, CertificateRenewal
from certification.reminders.evaluations import (
    CORRECTIVE_ACTIONS,
    EVALUATIONS,
    CorrectiveActionOverdue,
    CorrectiveActionProposalOverdue,
    CorrectiveActionSoon,
    CorrectiveActionToPropose,
    EvaluationSoon,
)
from certification.reminders.fees import FEES, MembershipFeeDue, MembershipFeeUnpaid

FAMILIES = (DRAFTS, ELIGIBILITY, OBJECTIONS, RENEWAL, EVALUATIONS, CORRECTIVE_ACTIONS, FEES)
RULES = (
    DraftIdle,
    EligibilityWarning,
    EligibilityLimit,
    ObjectionReminder,
    ObjectionPeriodOver,
    CertificateRenewal,
    CertificateExpiry,
    EvaluationSoon,
    CorrectiveActionSoon,
    CorrectiveActionOverdue,
    CorrectiveActionToPropose,
    CorrectiveActionProposalOverdue,
    MembershipFeeDue,
    MembershipFeeUnpaid,
)
