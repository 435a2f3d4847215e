"""The network's tables: one module per aggregate."""

from network.models.accounts import User
from network.models.activity import ActivityLog
from network.models.outbox import OutboxMessage

__all__ = ["ActivityLog", "OutboxMessage", "User"]
