"""Reads of the self-evaluation: which criteria an application answers, its answers, its
progress, and the guard that keeps it from "ready for evaluation" while an applicable
critical criterion is unanswered.

The applicable criteria are those of the version the application is pinned to that
apply to the organization's actor type and that evaluations judge (critical, minimum,
continuous improvement; a phased-in criterion from its year). Every read here takes a
constant number of queries, whatever the number of criteria."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from certification.models import (
    APPLICATION,
    Application,
    Criterion,
    CriterionClass,
    EvaluationKind,
    Section,
    SelfEvaluationAnswer,
    Verdict,
    guard_for,
)
from certification.selectors.standard import criteria_of
from producers.models import Document, DocumentVersion
from producers.selectors import Size, SmallProducerTest, documents_visible_to

S = Application.Status
# The self-evaluation exists from the accepted quote on (answers are edited only in
# SELF_EVALUATION; afterwards they are the record the evaluation starts from).
SELF_EVALUATION_STATUSES = frozenset(
    {S.SELF_EVALUATION, S.READY_FOR_EVALUATION, S.IN_EVALUATION, S.EVALUATED, S.DECIDED,
     S.WITHDRAWN}
)  # fmt: skip


def self_evaluation_day(application: Application) -> datetime.date:
    """The day phased-in criteria are judged on: the wished evaluation date, or today."""
    return application.planned_evaluation_on or timezone.localdate()


def self_evaluation_criteria(application: Application) -> QuerySet[Criterion]:
    """The criteria the application answers, by section then position."""
    return criteria_of(
        application.standard_version,
        actor_type=application.organization.actor_type,
        evaluation_kind=EvaluationKind.COMPLETE,
        on=self_evaluation_day(application),
    )


def self_evaluation_answers(application: Application, criteria=None) -> dict:
    """{criterion id: answer} with each answer's documents loaded (two queries)."""
    answers = SelfEvaluationAnswer.objects.filter(application=application).prefetch_related(
        Prefetch("documents", queryset=Document.objects.order_by("doc_type", "title", "pk"))
    )
    if criteria is not None:
        answers = answers.filter(criterion_id__in=[criterion.pk for criterion in criteria])
    return {answer.criterion_id: answer for answer in answers}


def self_evaluation_evidence(application: Application, document_pk: int) -> DocumentVersion:
    """The file of a document the organization gave as evidence in its self-evaluation:
    the version it had when the self-evaluation was submitted (while it is still being
    answered, the newest), so the body reads what was submitted even after a new upload.
    DoesNotExist for a document no answer of this application names."""
    cited = SelfEvaluationAnswer.documents.through.objects.filter(
        selfevaluationanswer__application=application,
        document_id=document_pk,
        document__organization_id=application.organization_id,
    )
    if not cited.exists():
        raise DocumentVersion.DoesNotExist
    versions = DocumentVersion.objects.filter(document_id=document_pk)
    submitted = self_evaluation_submitted_at(application)
    if submitted is not None:
        versions = versions.filter(uploaded_at__lte=submitted)
    return versions.order_by("-number")[:1].get()


def self_evaluation_submitted_at(application: Application):
    """When the self-evaluation was submitted (its move in the history), or None."""
    move = APPLICATION.by_name["complete_self_evaluation"]
    return (
        APPLICATION.history(application)
        .filter(verb=APPLICATION.verb(move))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def document_library(user, organization) -> QuerySet[Document]:
    """The organization's documents a person may pick to show how a criterion is met."""
    return (
        documents_visible_to(user)
        .filter(organization=organization)
        .order_by("doc_type", "title", "pk")
    )


# --- Progress and the guard --------------------------------------------------------------


@dataclass
class SectionProgress:
    section: Section
    total: int = 0
    answered: int = 0

    @property
    def complete(self) -> bool:
        return self.answered == self.total


@dataclass
class Progress:
    sections: list[SectionProgress] = field(default_factory=list)
    total: int = 0
    answered: int = 0
    unanswered_critical: list[Criterion] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return (self.answered * 100 // self.total) if self.total else 100

    def section(self, code: str) -> SectionProgress | None:
        return next((s for s in self.sections if s.section.code == code), None)


def self_evaluation_progress(application: Application) -> Progress:
    """Answered and applicable criteria per section, and the unanswered critical ones
    (two queries)."""
    answered = set(
        SelfEvaluationAnswer.objects.filter(application=application)
        .exclude(verdict="")
        .values_list("criterion_id", flat=True)
    )
    progress = Progress()
    by_section: dict[int, SectionProgress] = {}
    for criterion in self_evaluation_criteria(application):
        row = by_section.get(criterion.section_id)
        if row is None:
            row = by_section[criterion.section_id] = SectionProgress(criterion.section)
            progress.sections.append(row)
        row.total += 1
        progress.total += 1
        if criterion.pk in answered:
            row.answered += 1
            progress.answered += 1
        elif criterion.criterion_class == CriterionClass.CRITICAL:
            progress.unanswered_critical.append(criterion)
    return progress


def unanswered_critical_criteria(application: Application) -> list[Criterion]:
    return self_evaluation_progress(application).unanswered_critical


CODES_SHOWN = 10


@guard_for("complete_self_evaluation")
def every_critical_criterion_answered(application: Application) -> str | None:
    """The self-evaluation is submitted only with every applicable critical criterion
    answered (the page lists each one with a link)."""
    missing = unanswered_critical_criteria(application)
    if not missing:
        return None
    codes = ", ".join(criterion.code for criterion in missing[:CODES_SHOWN])
    if len(missing) > CODES_SHOWN:
        codes += " …"
    return ngettext(
        "%(count)d critical criterion is not answered yet: %(codes)s.",
        "%(count)d critical criteria are not answered yet: %(codes)s.",
        len(missing),
    ) % {"count": len(missing), "codes": codes}


# --- The small-producer criterion, from the live member register ----------------------


def register_proposal(test: SmallProducerTest) -> dict:
    """What the member register says of the small-producer criterion today: the answer
    and the words the form is pre-filled with (the person checks and saves them)."""
    if not test.total:
        return {
            "verdict": "",
            "how": gettext("The member register has no active members yet."),
        }
    how = gettext(
        "From the member register on %(day)s: %(total)d active members; %(small)s%% within "
        "the limits, %(twice)s%% up to twice the limits, %(over)d beyond twice the limits, "
        "%(missing)d without area or beehives recorded."
    ) % {
        "day": timezone.localdate().isoformat(),
        "total": test.total,
        "small": test.small_percent or Decimal(0),
        "twice": test.up_to_twice_percent or Decimal(0),
        "over": test.counts[Size.OVER_TWICE],
        "missing": test.counts[Size.NO_DATA],
    }
    return {"verdict": Verdict.COMPLIES if test.passed else Verdict.DOES_NOT_COMPLY, "how": how}
