"""Reminders of evaluations and their corrective actions (days from settings:
CERTIFICATION_EVALUATION_NOTICE_DAYS, CERTIFICATION_CORRECTIVE_ACTION_NOTICE_DAYS).

- an evaluation still planned, a week before its planned start → the evaluation team
  and the cooperative's administrators and editors (optional);
- a corrective action still waiting for the team's review, a week before its due date
  (optional), then every week from the day after it, until it is accepted or rejected
  (essential: the cooperative risks suspension) → the cooperative's administrators and
  editors, and the lead evaluator. Each overdue week is its own notice; a sweep sends only
  the current week's, so weeks without a sweep are not all sent at once;
- a non-compliance of an issued report left without a corrective action (none proposed,
  or the last one rejected), a week before the day it is to be proposed by
  (CERTIFICATION_CORRECTIVE_ACTION_PROPOSAL_DAYS after the report's issue or the
  rejection; optional), then weekly from the day after it until one is proposed
  (essential) → the same people. The date is the evaluation page's
  (certification.selectors.evaluations.with_proposal_deadline)."""

import datetime
from types import SimpleNamespace

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from certification.models import (
    Application,
    CorrectiveAction,
    Evaluation,
    EvaluationTeamMember,
    Finding,
    FindingResult,
)
from certification.reminders.common import (
    People,
    days,
    for_evaluation_people,
    organization_name,
    organization_people,
)
from certification.selectors.evaluations import with_proposal_deadline
from network.models import User
from network.reminders import Due, Family, Rule, absolute_url, in_chunks, path_for

EVALUATIONS = Family(
    "evaluations",
    _("Evaluations"),
    _("A week before an evaluation of your organization, or one you are part of, starts."),
    visible=for_evaluation_people,
)
CORRECTIVE_ACTIONS = Family(
    "corrective_actions",
    _("Corrective actions"),
    _(
        "A corrective action coming due, or one to propose for a non-compliance; overdue "
        "ones are reminded every week until reviewed or proposed."
    ),
    visible=for_evaluation_people,
)

WITHDRAWN = Application.Status.WITHDRAWN


def _application_reference(pk: int) -> str:
    """Application.reference, without building an instance per row."""
    return Application.reference.fget(SimpleNamespace(pk=pk))


def _people(items, *, team: bool) -> None:
    """The cooperative's administrators and editors, the lead evaluator and (`team`)
    the evaluation's other members, for a batch."""
    people = People()
    cooperative = organization_people({item.data["organization"] for item in items}, people=people)
    evaluations = {item.data["evaluation"] for item in items}
    members = {}
    if team:
        for member in EvaluationTeamMember.objects.filter(
            evaluation_id__in=evaluations, person__is_active=True
        ).select_related("person"):
            members.setdefault(member.evaluation_id, []).append(people(member.person))
    leads = User.objects.filter(pk__in={item.data["lead"] for item in items}, is_active=True)
    lead_of = {user.pk: people(user) for user in leads}
    for item in items:
        lead = lead_of.get(item.data["lead"])
        item.recipients = [
            *([lead] if lead else []),
            *members.get(item.data["evaluation"], []),
            *cooperative[item.data["organization"]],
        ]


# --- Evaluations -----------------------------------------------------------------------------

EVALUATION_FACTS = ("pk", "application_id", "application__organization_id",
                    "application__organization__short_name",
                    "application__organization__legal_name",
                    "application__certification_body__name", "planned_start_on",
                    "planned_end_on", "lead_evaluator_id", "lead_evaluator__full_name")  # fmt: skip


class EvaluationSoon(Rule):
    name = "certification.evaluation_soon"
    family = EVALUATIONS.name
    label = _("Evaluation in a week")
    audience = _("the evaluation team and the organization's administrators and editors")
    template = "reminder_evaluation_soon"

    def due(self, *, start, end, today):
        """A week before the planned start, while the evaluation is still planned and its
        start still ahead (replanned: a new date, a new notice)."""
        before = settings.CERTIFICATION_EVALUATION_NOTICE_DAYS
        evaluations = (
            Evaluation.objects.filter(
                status=Evaluation.Status.PLANNED,
                planned_start_on__range=(start + days(before), end + days(before)),
                planned_start_on__gte=today,
            )
            .exclude(application__status=WITHDRAWN)
            .values(*EVALUATION_FACTS)
        )
        url = path_for("certification:evaluation_detail")
        for row in in_chunks(evaluations):
            organization = organization_name(row, "application__organization__")
            reference = f"{_application_reference(row['application_id'])}-E{row['pk']}"
            yield Due(
                object_id=row["pk"],
                due_on=row["planned_start_on"] - days(before),
                label=f"{reference} · {organization}"[:200],
                url=url(row["pk"]),
                context={
                    "reference": reference,
                    "organization": organization,
                    "certification_body": row["application__certification_body__name"],
                    "planned_start_on": row["planned_start_on"],
                    "planned_end_on": row["planned_end_on"],
                    "lead_evaluator": row["lead_evaluator__full_name"],
                },
                data={
                    "organization": row["application__organization_id"],
                    "evaluation": row["pk"],
                    "lead": row["lead_evaluator_id"],
                },
            )

    def recipients(self, items):
        _people(items, team=True)


# --- Corrective actions ------------------------------------------------------------------------

ACTION_FACTS = ("pk", "action", "responsible", "due_on", "finding__criterion__code",
                "finding__evaluation_id", "finding__evaluation__application_id",
                "finding__evaluation__application__organization_id",
                "finding__evaluation__application__organization__short_name",
                "finding__evaluation__application__organization__legal_name",
                "finding__evaluation__lead_evaluator_id")  # fmt: skip
WAITING = CorrectiveAction.Status.PROPOSED  # not yet accepted or rejected by the team
EVERY = 7  # days between two notices of an overdue action


def _actions():
    return CorrectiveAction.objects.filter(status=WAITING).exclude(
        finding__evaluation__application__status=WITHDRAWN
    )


def _action_due(row: dict, due_on: datetime.date, url, **context) -> Due:
    organization = organization_name(row, "finding__evaluation__application__organization__")
    evaluation = row["finding__evaluation_id"]
    reference = (
        f"{_application_reference(row['finding__evaluation__application_id'])}-E{evaluation}"
    )
    criterion = row["finding__criterion__code"]
    return Due(
        object_id=row["pk"],
        due_on=due_on,
        label=f"{reference} · {criterion} · {organization}"[:200],
        url=url(evaluation),
        context={
            "reference": reference,
            "organization": organization,
            "criterion": criterion,
            "action": row["action"][:300],
            "responsible": row["responsible"],
            "action_due_on": row["due_on"],
            **context,
        },
        data={
            "organization": row["finding__evaluation__application__organization_id"],
            "evaluation": evaluation,
            "lead": row["finding__evaluation__lead_evaluator_id"],
        },
    )


class _ToCooperativeAndLead:
    def recipients(self, items):
        _people(items, team=False)


class CorrectiveActionSoon(_ToCooperativeAndLead, Rule):
    name = "certification.corrective_action_soon"
    family = CORRECTIVE_ACTIONS.name
    label = _("Corrective action due in a week")
    audience = _("the organization's administrators and editors, and the lead evaluator")
    template = "reminder_corrective_action_soon"

    def due(self, *, start, end, today):
        """A week before the action's due date, while it waits for review and is not yet
        overdue (from then on the weekly notice says more)."""
        before = settings.CERTIFICATION_CORRECTIVE_ACTION_NOTICE_DAYS
        actions = _actions().filter(
            due_on__range=(start + days(before), end + days(before)), due_on__gte=today
        )
        url = path_for("certification:evaluation_detail")
        for row in in_chunks(actions.values(*ACTION_FACTS)):
            yield _action_due(row, row["due_on"] - days(before), url, days=before)


def overdue_weeks(first: datetime.date, *, start, end, today):
    """(week, day) of the weekly notices from `first` that are due from `start` to `end`:
    of the weeks up to today only the current one (a late sweep does not send the weeks
    it missed); later weeks are listed for the coming days."""
    lowest = start
    if today >= first:  # the current week's notice replaces the earlier ones
        lowest = max(lowest, first + days((today - first).days // EVERY * EVERY))
    week = max(0, -(-(lowest - first).days // EVERY))  # the first on or after `lowest`
    while (on := first + days(week * EVERY)) <= end:
        yield week, on
        week += 1


class CorrectiveActionOverdue(_ToCooperativeAndLead, Rule):
    name = "certification.corrective_action_overdue"
    family = CORRECTIVE_ACTIONS.name
    label = _("Corrective action overdue")
    audience = _("the organization's administrators and editors, and the lead evaluator")
    template = "reminder_corrective_action_overdue"
    essential = True
    catch_up_days = EVERY - 1  # the current week's notice is always in the window

    def due(self, *, start, end, today):
        """The day after the due date, then every seven days, while the action waits for
        review. Of the weeks up to today only the current one is due (a late sweep does not
        send the weeks it missed); later weeks are listed for the coming days."""
        actions = _actions().filter(due_on__lt=end)
        url = path_for("certification:evaluation_detail")
        for row in in_chunks(actions.values(*ACTION_FACTS)):
            first = row["due_on"] + days(1)
            for week, on in overdue_weeks(first, start=start, end=end, today=today):
                yield _action_due(row, on, url, week=week + 1, days_late=(on - row["due_on"]).days)


# --- Corrective actions to propose ---------------------------------------------------------------

FINDING_FACTS = ("pk", "criterion__code", "criterion__text_es", "criterion__text_en",
                 "evaluation_id", "evaluation__application_id",
                 "evaluation__application__organization_id",
                 "evaluation__application__organization__short_name",
                 "evaluation__application__organization__legal_name",
                 "evaluation__lead_evaluator_id", "proposal_due_on",
                 "rejection_comment")  # fmt: skip


def _awaiting_proposal():
    """Non-compliances of issued reports with no action waiting for review or accepted,
    each with `proposal_due_on` (only those: the annotation is None for the others)."""
    findings = Finding.objects.filter(
        result=FindingResult.NON_COMPLIANT, evaluation__status=Evaluation.Status.REPORT_ISSUED
    ).exclude(evaluation__application__status=WITHDRAWN)
    return with_proposal_deadline(findings).filter(proposal_due_on__isnull=False)


class _Proposal:
    """The notice about one non-compliance waiting for a proposal: the link opens it on
    the evaluation's page (every recipient may); the email also links the cooperative
    to the proposal form."""

    def urls(self):
        return path_for("certification:evaluation_detail"), path_for(
            "certification:corrective_action_propose", 2
        )

    def notice(self, row: dict, due_on: datetime.date, urls, *, occurrence="", **context) -> Due:
        evaluation_url, propose_url = urls
        organization = organization_name(row, "evaluation__application__organization__")
        evaluation = row["evaluation_id"]
        reference = f"{_application_reference(row['evaluation__application_id'])}-E{evaluation}"
        criterion = row["criterion__code"]
        return Due(
            object_id=row["pk"],
            due_on=due_on,
            occurrence=occurrence,
            label=f"{reference} · {criterion} · {organization}"[:200],
            url=f"{evaluation_url(evaluation)}#nc-{row['pk']}",
            context={
                "reference": reference,
                "organization": organization,
                "criterion": criterion,
                # The recipient's language is chosen when the email renders.
                "criterion_text_es": row["criterion__text_es"][:600],
                "criterion_text_en": row["criterion__text_en"][:600],
                "rejection_comment": (row["rejection_comment"] or "")[:600],
                "proposal_due_on": row["proposal_due_on"],
                "propose_url": absolute_url(propose_url(evaluation, row["pk"])),
                **context,
            },
            data={
                "organization": row["evaluation__application__organization_id"],
                "evaluation": evaluation,
                "lead": row["evaluation__lead_evaluator_id"],
            },
        )


class CorrectiveActionToPropose(_Proposal, _ToCooperativeAndLead, Rule):
    name = "certification.corrective_action_to_propose"
    family = CORRECTIVE_ACTIONS.name
    label = _("Corrective action to propose")
    audience = _("the organization's administrators and editors, and the lead evaluator")
    template = "reminder_corrective_action_to_propose"

    def due(self, *, start, end, today):
        """A week before the day a corrective action is to be proposed by, while none is
        and that day is still ahead (a rejection sets a new day: a new notice)."""
        before = settings.CERTIFICATION_CORRECTIVE_ACTION_NOTICE_DAYS
        findings = _awaiting_proposal().filter(
            proposal_due_on__range=(start + days(before), end + days(before)),
            proposal_due_on__gte=today,
        )
        urls = self.urls()
        for row in in_chunks(findings.values(*FINDING_FACTS)):
            yield self.notice(row, row["proposal_due_on"] - days(before), urls, days=before)


class CorrectiveActionProposalOverdue(_Proposal, _ToCooperativeAndLead, Rule):
    name = "certification.corrective_action_proposal_overdue"
    family = CORRECTIVE_ACTIONS.name
    label = _("Corrective action to propose, overdue")
    audience = _("the organization's administrators and editors, and the lead evaluator")
    template = "reminder_corrective_action_proposal_overdue"
    essential = True
    catch_up_days = EVERY - 1  # the current week's notice is always in the window

    def due(self, *, start, end, today):
        """The day after the day it was to be proposed by, then every seven days, while
        none is proposed. Each deadline's weeks are their own notices (the occurrence
        names the deadline): after a rejection the new deadline's weeks are sent even on
        the weekdays of the old one's."""
        findings = _awaiting_proposal().filter(proposal_due_on__lt=end)
        urls = self.urls()
        for row in in_chunks(findings.values(*FINDING_FACTS)):
            deadline = row["proposal_due_on"]
            for week, on in overdue_weeks(deadline + days(1), start=start, end=end, today=today):
                yield self.notice(
                    row, on, urls, occurrence=f"{deadline.isoformat()}/{on.isoformat()}",
                    week=week + 1, days_late=(on - deadline).days,
                )  # fmt: skip
