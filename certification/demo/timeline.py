"""Letting time pass in a demo file: the one place the demo writes through the ORM.

The services stamp everything with today, and their guards read today (an objection
period is closed only after it ended; a certificate is valid from the day it is
issued). A demo that shows a certificate issued ten months ago, or an objection period
that ended, needs those days to have passed. So each story runs the real services step
by step and, between steps, moves every date and time of the file so far back by the
days that pass: dates only (nothing else changes, no status, no text), and the file's
activity-log entries with them, so its history reads in order. The only exception to
"the demo writes through the services" is here, and it is deliberate. What was already
rendered stays as rendered: an evaluation report's PDF, made during its step, keeps the
dates of that moment (certification/demo/evaluation.py)."""

import datetime

from django.db.models import CharField, DateField, DateTimeField, F, Q
from django.db.models.functions import Cast

from certification.models import (
    Application,
    ApplicationDocument,
    Certificate,
    CorrectiveAction,
    Evaluation,
    EvaluationReport,
    EvaluationTeamMember,
    Finding,
    FindingEvidence,
    Objection,
    Quote,
    Resolution,
    ReturnItem,
    SelfEvaluationAnswer,
    UserAgreement,
)
from network.models import ActivityLog
from producers.models import Document, DocumentVersion


def file_records(application: Application) -> list:
    """Querysets of everything the file holds: the application and what hangs from it,
    and the library documents it links (uploaded for it)."""
    pk = application.pk
    documents = ApplicationDocument.objects.filter(application=pk).values("document")
    return [
        Application.objects.filter(pk=pk),
        Quote.objects.filter(application=pk),
        ReturnItem.objects.filter(application=pk),
        Objection.objects.filter(application=pk),
        SelfEvaluationAnswer.objects.filter(application=pk),
        Evaluation.objects.filter(application=pk),
        EvaluationTeamMember.objects.filter(evaluation__application=pk),
        Finding.objects.filter(evaluation__application=pk),
        FindingEvidence.objects.filter(finding__evaluation__application=pk),
        EvaluationReport.objects.filter(evaluation__application=pk),
        CorrectiveAction.objects.filter(finding__evaluation__application=pk),
        Resolution.objects.filter(application=pk),
        UserAgreement.objects.filter(resolution__application=pk),
        Certificate.objects.filter(resolution__application=pk),
        Document.objects.filter(pk__in=documents),
        DocumentVersion.objects.filter(document__in=documents),
    ]


def time_passes(application: Application, days: int) -> None:
    """Everything in the file happened `days` earlier than it did (the instance is
    reloaded: the next step's guards read its dates)."""
    if days:
        records_back(file_records(application), days=days)
        application.refresh_from_db()


def records_back(querysets, *, days: int) -> None:
    """Move every date and time of these rows, and of their activity-log entries,
    `days` back (one UPDATE per table)."""
    delta = datetime.timedelta(days=days)
    logged = Q(pk__in=[])
    for queryset in querysets:
        model = queryset.model
        ids = queryset.annotate(target=Cast("pk", CharField())).values("target")
        logged |= Q(target_type=model._meta.label_lower, target_id__in=ids)
        _move(queryset, delta)
    _move(ActivityLog.objects.filter(logged), delta)


def _move(queryset, delta: datetime.timedelta) -> None:
    fields = [
        field
        for field in queryset.model._meta.concrete_fields
        if isinstance(field, DateField)  # DateTimeField is one too
    ]
    queryset.update(**{field.name: _earlier(field, delta) for field in fields})


def _earlier(field, delta):
    if isinstance(field, DateTimeField):
        return F(field.name) - delta
    # In PostgreSQL a date minus an interval is a timestamp: back to a date (NULL stays).
    return Cast(F(field.name) - delta, DateField())
