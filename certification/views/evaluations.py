"""Evaluations: the list, planning, the evaluation's page, its moves and the report's
texts. Findings are views/findings.py, the offline checklist views/checklists.py, the
report views/reports.py, corrective actions views/corrective_actions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certification.forms.evaluations import EvaluationPlanForm, EvaluationTextsForm
from certification.models import EVALUATION, Evaluation
from certification.selectors import ApplicationCapability
from certification.selectors import evaluations as selectors
from certification.selectors.evaluations import EvaluationCapability as Can
from certification.services import evaluations as services
from certification.views.access import application_for, evaluation_for, findings_for
from network.concurrency import StaleEdit
from network.pagination import paginate
from network.workflow import TransitionError


def why(problem) -> str:
    """The reason of a refused move or write, in the reader's language."""
    if isinstance(problem, TransitionError):
        return str(problem.message)
    return " ".join(problem.messages)


# Who makes which move from the evaluation's page.
MOVES = {"start": Can.LEAD, "submit": Can.LEAD, "close": Can.LEAD}


@login_required
@require_GET
def evaluation_list(request):
    """The evaluations the user may see, each with one count of what is overdue
    (selectors.overdue_count: late corrective actions and late proposals, the evaluation
    page's dates); and the applications waiting for an evaluation the user may plan."""
    evaluations = (
        selectors.evaluations_visible_to(request.user)
        .select_related("application__organization", "lead_evaluator")
        .annotate(overdue=selectors.overdue_count(today=timezone.localdate()))
        .order_by("-planned_start_on", "-pk")
    )
    return render(
        request,
        "certification/evaluations/list.html",
        {
            "page_obj": paginate(request, evaluations),
            "waiting": selectors.applications_to_plan(request.user)[:50],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_plan(request, pk: int):
    application, _capabilities = application_for(request, pk, ApplicationCapability.REVIEW)
    people = selectors.assignable_evaluators(application)
    form = EvaluationPlanForm(request.POST or None, people=people, application=application)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = services.evaluation_plan(
                application=application,
                by=request.user,
                evaluation_type=data["evaluation_type"],
                planned_start_on=data["planned_start_on"],
                planned_end_on=data["planned_end_on"],
                lead_evaluator=data["lead_evaluator"],
                risk_level=data["risk_level"],
                risk_rationale=data["risk_rationale"],
                team=list(data["team"]),
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, _("The evaluation was planned."))
            return redirect("certification:evaluation_detail", pk=evaluation.pk)
    return render(
        request,
        "certification/evaluations/plan.html",
        {"application": application, "form": form, "evaluation": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_replan(request, pk: int):
    evaluation, capabilities = evaluation_for(request, pk, Can.PLAN)
    if evaluation.status != Evaluation.Status.PLANNED:
        raise PermissionDenied
    people = selectors.assignable_evaluators(evaluation.application)
    form = EvaluationPlanForm(
        request.POST or None,
        instance=evaluation,
        people=people,
        application=evaluation.application,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.evaluation_replan(
                evaluation=evaluation,
                by=request.user,
                version=data.pop("version"),
                data=data,
                team=list(data.pop("team")),
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, _("The plan was changed."))
            return redirect("certification:evaluation_detail", pk=evaluation.pk)
    return render(
        request,
        "certification/evaluations/plan.html",
        {"application": evaluation.application, "form": form, "evaluation": evaluation},
    )


@login_required
@require_GET
def evaluation_detail(request, pk: int):
    evaluation, capabilities = evaluation_for(request, pk)
    see_findings = Can.SEE_FINDINGS in capabilities
    today = timezone.localdate()
    return render(
        request,
        "certification/evaluations/detail.html",
        {
            "evaluation": evaluation,
            "application": evaluation.application,
            "capabilities": capabilities,
            "can": {name.name.lower(): name in capabilities for name in Can},
            "team": selectors.team_of(evaluation),
            "sections": selectors.evaluation_sections(evaluation) if see_findings else [],
            "non_compliances": selectors.non_compliances(evaluation) if see_findings else [],
            "reports": selectors.evaluation_reports(evaluation) if see_findings else [],
            "report": selectors.latest_report(evaluation),
            "buttons": EVALUATION.buttons(
                evaluation,
                url=lambda t: reverse(
                    "certification:evaluation_move", args=[evaluation.pk, t.name]
                ),
                allowed=lambda t: MOVES.get(t.name) in capabilities,
            ),
            "history": EVALUATION.timeline(evaluation, limit=20),
            "today": today,
        },
    )


@login_required
@require_POST
def evaluation_move(request, pk: int, transition: str):
    if transition not in MOVES:
        raise Http404
    evaluation, _capabilities = evaluation_for(request, pk, MOVES[transition])
    try:
        services.evaluation_move(evaluation=evaluation, transition=transition, by=request.user)
    except (TransitionError, ValidationError) as problem:
        messages.error(request, why(problem))
    else:
        messages.success(
            request,
            _("The evaluation is now “%(state)s”.") % {"state": evaluation.get_status_display()},
        )
    return redirect("certification:evaluation_detail", pk=evaluation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_texts(request, pk: int):
    """Strengths, points for the next evaluation and the distribution list."""
    evaluation, capabilities = findings_for(request, pk, Can.RECORD)
    form = EvaluationTextsForm(request.POST or None, instance=evaluation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.evaluation_texts_save(
                evaluation=evaluation, by=request.user, version=data.pop("version"), data=data
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, _("Saved."))
            return redirect("certification:evaluation_detail", pk=evaluation.pk)
    return render(
        request,
        "certification/evaluations/texts.html",
        {"evaluation": evaluation, "capabilities": capabilities, "form": form},
    )
