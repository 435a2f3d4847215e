from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityLog(models.Model):
    """Who did what to which record, when, and what changed: the one audit trail.

    `target_type`/`target_id` name the record changed; `scope_type`/`scope_id` name the
    tenant it belongs to (an organization, a campaign...) so a page can list its history
    with one indexed query.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(_("action"), max_length=60)
    target_type = models.CharField(_("record type"), max_length=60)
    target_id = models.CharField(_("record"), max_length=40)
    target_repr = models.CharField(_("record name"), max_length=200, blank=True)
    scope_type = models.CharField(max_length=60, blank=True)
    scope_id = models.CharField(max_length=40, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["scope_type", "scope_id", "-created_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.target_repr}"
