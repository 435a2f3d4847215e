"""A spreadsheet upload kept between its preview and its confirmation: the columns every
import shares (the member register, an evaluation's offline checklist...). Each app's
concrete model adds what the upload belongs to, and its own state machine over `status`
(network/imports.py has the reading, the row errors and the sweep they share)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.workflow import StateField


class ImportStatus(models.TextChoices):
    INVALID = "invalid", _("has errors")
    READY = "ready", _("ready to import")
    APPLIED = "applied", _("imported")


class KeptUpload(models.Model):
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(max_length=4)
    status = StateField(
        _("status"), max_length=8, choices=ImportStatus.choices, default=ImportStatus.READY
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    # [{"row": 5, "column": "birth_year", "code": "not_a_year", "value": "19x0"}, ...]
    errors = models.JSONField(default=list, blank=True)
    # What the import will do (planned at preview) and did (at apply).
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)

    Status = ImportStatus

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name
