"""The network's tables: one module per aggregate."""

from network.models.accounts import User
from network.models.activity import ActivityLog
from network.models.outbox import OUTBOX, OutboxMessage
from network.models.reminders import Notification, ReminderClaim, ReminderOptOut
from network.models.roles import CertificationBody, Invitation, Role, RoleKind
from network.models.structure import CountryNetwork, ProductNetwork

__all__ = [
    "OUTBOX",
    "ActivityLog",
    "CertificationBody",
    "CountryNetwork",
    "Invitation",
    "Notification",
    "OutboxMessage",
    "ProductNetwork",
    "ReminderClaim",
    "ReminderOptOut",
    "Role",
    "RoleKind",
    "User",
]
