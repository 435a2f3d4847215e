"""A member register upload kept between its preview and its confirmation (the columns
every kept spreadsheet upload has: network.models.imports.KeptUpload)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models.imports import KeptUpload
from network.workflow import StateMachine, Transition


class MemberImport(KeptUpload):
    organization = models.ForeignKey(
        "producers.Organization", on_delete=models.CASCADE, related_name="member_imports"
    )

    class Meta(KeptUpload.Meta):
        verbose_name = _("member register import")
        verbose_name_plural = _("member register imports")


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
