"""An evaluation's offline checklist uploaded back: kept between its preview and its
confirmation, like every spreadsheet import (network/imports.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models.imports import KeptUpload
from network.workflow import StateMachine, Transition


class ChecklistImport(KeptUpload):
    evaluation = models.ForeignKey(
        "certification.Evaluation", on_delete=models.CASCADE, related_name="checklist_imports"
    )

    class Meta(KeptUpload.Meta):
        verbose_name = _("offline checklist upload")
        verbose_name_plural = _("offline checklist uploads")


CHECKLIST_IMPORT = StateMachine(
    ChecklistImport,
    name="checklist",
    scope=lambda upload: upload.evaluation,
    initial=[ChecklistImport.Status.INVALID, ChecklistImport.Status.READY],
    transitions=[
        Transition(
            "apply",
            [ChecklistImport.Status.READY],
            ChecklistImport.Status.APPLIED,
            _("Save the changes"),
            verb="checklist.imported",
        ),
    ],
)
