"""A member register upload kept between its preview and its confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.workflow import StateField, StateMachine, Transition


class MemberImport(models.Model):
    class Status(models.TextChoices):
        INVALID = "invalid", _("has errors")
        READY = "ready", _("ready to import")
        APPLIED = "applied", _("imported")

    organization = models.ForeignKey(
        "producers.Organization", on_delete=models.CASCADE, related_name="member_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(max_length=4)
    status = StateField(_("status"), max_length=8, choices=Status.choices, default=Status.READY)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    # [{"row": 5, "column": "birth_year", "code": "not_a_year", "value": "19x0"}, ...]
    errors = models.JSONField(default=list, blank=True)
    # {"created": n, "updated": n, "unchanged": n}: planned at preview, done at apply.
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("member register import")
        verbose_name_plural = _("member register imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name


# An upload is checked on arrival (has errors, or ready) and imported once confirmed.
MEMBER_IMPORT = StateMachine(
    MemberImport,
    name="register",
    scope=lambda member_import: member_import.organization,
    initial=[MemberImport.Status.INVALID, MemberImport.Status.READY],
    transitions=[
        Transition(
            "apply",
            [MemberImport.Status.READY],
            MemberImport.Status.APPLIED,
            _("Import"),
            verb="register.imported",
        ),
    ],
)
