"""Staff pages of town and university declarations: the list, evidence and verification
per goal, start and declare."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from advocacy import selectors
from advocacy.forms.staff import GoalEvidenceForm
from advocacy.models import DECLARATION, GOAL_COUNT, Declaration
from advocacy.services import declarations
from advocacy.views.access import (
    declaration_for,
    declaration_goal_for,
    staff_only,
    transition,
)
from network.files import attachment_response, extension_of
from network.pagination import paginate


@staff_only
@require_GET
def manage_declarations(request: HttpRequest) -> HttpResponse:
    declaration_list = selectors.declarations_visible_to(request.user).order_by("status", "name")
    status = request.GET.get("status", "")
    if status in Declaration.Status.values:
        declaration_list = declaration_list.filter(status=status)
    page = paginate(request, declaration_list)
    return render(
        request,
        "advocacy/manage_declarations.html",
        {"page_obj": page, "status": status, "statuses": Declaration.Status.choices},
    )


@login_required
@require_GET
def declaration_manage(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = declaration_for(request, pk)
    goals = list(selectors.goals_of(declaration).select_related("verified_by"))
    rows = [
        {
            "goal": goal,
            "form": GoalEvidenceForm(
                initial={"text": goal.evidence_text, "link": goal.evidence_link},
                prefix=f"goal{goal.number}",
            ),
        }
        for goal in goals
    ]
    verified = sum(1 for goal in goals if goal.verified_at)
    return render(
        request,
        "advocacy/declaration_manage.html",
        {
            "declaration": declaration,
            "rows": rows,
            "verified": verified,
            "goal_count": GOAL_COUNT,
            "buttons": DECLARATION.buttons(
                declaration,
                url=lambda t: reverse(f"advocacy:declaration_{t.name}", args=[declaration.pk]),
                allowed=lambda t: t.name != "renewal_due",  # the yearly sweep's move
            ),
        },
    )


@login_required
@require_POST
def declaration_goal(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    declaration, goal = declaration_goal_for(request, pk, number)
    action = request.POST.get("action", "save")
    if action in ("verify", "unverify"):
        step = partial(
            declarations.declaration_goal_verify,
            goal=goal,
            by=request.user,
            verified=action == "verify",
        )
    else:
        form = GoalEvidenceForm(request.POST, request.FILES, prefix=f"goal{number}")
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("advocacy:declaration_manage", pk=declaration.pk)
        step = partial(
            declarations.declaration_goal_update,
            goal=goal,
            by=request.user,
            text=form.cleaned_data["text"],
            link=form.cleaned_data["link"],
            file=form.new_file(),
        )
    return transition(
        request,
        step,
        done=_("Goal %(number)s saved.") % {"number": number},
        not_allowed=_("This step is not possible from the current state."),
        back="advocacy:declaration_manage",
        pk=declaration.pk,
    )


@login_required
@require_GET
def declaration_evidence(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    declaration, goal = declaration_goal_for(request, pk, number)
    if not goal.evidence_file:
        raise Http404
    return attachment_response(
        goal.evidence_file.name,
        download_as=f"evidence-{declaration.pk}-{number}.{extension_of(goal.evidence_file_type)}",
        content_type=goal.evidence_file_type,
    )


@login_required
@require_POST
def declaration_start(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = declaration_for(request, pk)
    return transition(
        request,
        lambda: declarations.declaration_start(declaration=declaration, by=request.user),
        not_allowed=_("This step is not possible from the current state."),
        back="advocacy:declaration_manage",
        pk=declaration.pk,
    )


@login_required
@require_POST
def declaration_declare(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = declaration_for(request, pk)
    return transition(
        request,
        lambda: declarations.declaration_declare(declaration=declaration, by=request.user),
        done=_("Declared. The certificate is being prepared."),
        not_allowed=_("This step is not possible from the current state."),
        back="advocacy:declaration_manage",
        pk=declaration.pk,
    )
