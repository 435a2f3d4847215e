"""The resolution's completeness checklist (domain.md, step 7), computed from the file:
application, objections, evaluation, non-conformity report and response, plan, report,
risk assessment, evaluator's competence. Nobody ticks it by hand.

Each item is a check `check(application) -> CheckResult`, registered with
`checklist_item(key)` from the module that owns its data: the application's items here,
the evaluation's in certification/selectors/evaluation_checks.py, the evaluator's
competence in certification/selectors/competence.py. The items are declared here first
(their order and labels); a key nobody registers a check for answers PENDING ("not
checked by the portal yet"), which blocks nothing.

A MISSING item blocks the `decide` move (its guard is registered below), whatever the
outcome. An item MISSING `only_for_grant` (the cooperative's answers to non-compliances,
an accepted plan for the critical ones) blocks a grant only: the committee may still
refuse, suspend or cancel, which is what it does when corrective actions are not made."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models import (
    Application,
    ApplicationKind,
    Resolution,
    ResolutionOutcome,
    guard_for,
)
from certification.selectors.applications import applications_visible_to
from certification.selectors.certificates import current_certificate
from network.models import ActivityLog

OK, MISSING, PENDING, NOT_APPLICABLE = "ok", "missing", "pending", "not_applicable"


@dataclass(frozen=True)
class CheckResult:
    state: str
    message: str = ""
    only_for_grant: bool = False  # MISSING: blocks a grant, not a refusal


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: object
    check: Callable[[Application], CheckResult]


@dataclass(frozen=True)
class ChecklistLine:
    key: str
    label: str
    state: str
    message: str
    only_for_grant: bool = False

    @property
    def blocks(self) -> bool:
        """Missing for any resolution."""
        return self.state == MISSING and not self.only_for_grant

    @property
    def blocks_grant(self) -> bool:
        return self.state == MISSING

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "state": self.state,
            "message": self.message,
            "only_for_grant": self.only_for_grant,
        }


_ITEMS: dict[str, ChecklistItem] = {}


def checklist_item(key: str, label=None):
    """Register (or replace: eval fills the hooks) the check of one checklist item."""

    def register(check):
        known = _ITEMS.get(key)
        _ITEMS[key] = ChecklistItem(key, label or (known.label if known else key), check)
        return check

    return register


def _moved(application, verb: str) -> bool:
    return ActivityLog.objects.filter(
        target_type=application._meta.label_lower, target_id=str(application.pk), verb=verb
    ).exists()


@checklist_item("application", _("Application submitted"))
def _application_submitted(application):
    if application.submitted_at is None:
        return CheckResult(MISSING, _("The application was never submitted."))
    return CheckResult(OK)


@checklist_item("objections", _("Objection period closed"))
def _objections_closed(application):
    if application.kind != ApplicationKind.INITIAL:
        return CheckResult(NOT_APPLICABLE, _("Renewals and scope extensions have none."))
    ends = application.objection_ends_on
    if ends is None or ends >= timezone.localdate():
        return CheckResult(MISSING, _("The objection period has not ended."))
    return CheckResult(OK)


@checklist_item("quote", _("Quote accepted"))
def _quote_accepted(application):
    if not _moved(application, "application.quote_accepted"):
        return CheckResult(MISSING, _("The cooperative has not accepted a quote."))
    return CheckResult(OK)


def _not_checked_yet(application):
    return CheckResult(PENDING, _("Not checked by the portal yet."))


# The items of the evaluation's records: declared here (order and label); their checks are
# registered by the modules that own the records (see the module's docstring).
for _key, _label in (
    ("evaluation", _("Evaluation form completed")),
    ("nonconformity_report", _("Non-conformity report and the cooperative's response")),
    ("corrective_action_plan", _("Corrective action plan")),
    ("evaluation_report", _("Evaluation report issued")),
    ("risk_assessment", _("Risk assessment applied")),
    ("evaluator_competence", _("Evaluator competent for this scope")),
):
    if _key not in _ITEMS:
        checklist_item(_key, _label)(_not_checked_yet)


def completeness_checklist(application: Application) -> list[ChecklistLine]:
    lines = []
    for item in _ITEMS.values():
        result = item.check(application)
        lines.append(
            ChecklistLine(
                item.key,
                str(item.label),
                result.state,
                str(result.message),
                result.only_for_grant and result.state == MISSING,
            )
        )
    return lines


def recorded_checklist(resolution) -> list[ChecklistLine]:
    """The checklist stored with a resolution, labelled in the reader's language."""
    lines = []
    for stored in resolution.checklist:
        item = _ITEMS.get(stored.get("key"))
        label = str(item.label) if item else stored.get("label", "")
        lines.append(ChecklistLine(stored.get("key", ""), label, stored.get("state", ""),
                                   stored.get("message", ""),
                                   bool(stored.get("only_for_grant"))))  # fmt: skip
    return lines


@guard_for("decide")
def _file_complete(application):
    """The `decide` move's guard: every item the portal can check is present."""
    missing = [line for line in completeness_checklist(application) if line.blocks]
    if missing:
        return _("The file is incomplete: %(items)s.") % {
            "items": "; ".join(line.label for line in missing)
        }
    return None


def grant_refusal(lines: list[ChecklistLine]) -> str | None:
    """Why the file, complete enough for a resolution, is not for a grant (the lines
    missing only for a grant, with what each lacks), or None."""
    missing = [line for line in lines if line.blocks_grant and line.only_for_grant]
    if not missing:
        return None
    return _("A certification cannot be granted yet: %(items)s") % {
        "items": " ".join(f"{line.label}: {line.message}" for line in missing)
    }


# --- Resolutions -------------------------------------------------------------------------


def resolutions_visible_to(user) -> QuerySet[Resolution]:
    """A resolution is part of its application's file: whoever sees the file sees it."""
    return Resolution.objects.filter(
        application__in=applications_visible_to(user).values("pk")
    ).select_related(
        "application__organization",
        "application__certification_body",
        "application__standard_version",
        "decided_by",
    )


def application_resolutions(application) -> QuerySet[Resolution]:
    return application.resolutions.select_related("decided_by").order_by("-decided_at")


def outcomes_for(application) -> list[tuple[str, str]]:
    """The outcomes a committee may choose for this file: suspension and cancellation
    only when the organization holds a certificate they would act on."""
    current = current_certificate(application.organization)
    allowed = [
        ResolutionOutcome.GRANTED,
        ResolutionOutcome.FOLLOW_UP,
        ResolutionOutcome.NOT_GRANTED,
    ]
    if current is not None and current.status == current.Status.ACTIVE:
        allowed.append(ResolutionOutcome.SUSPENDED)
    if current is not None and current.status in (current.Status.ACTIVE, current.Status.SUSPENDED):
        allowed.append(ResolutionOutcome.CANCELLED)
    return [(outcome.value, outcome.label) for outcome in allowed]
