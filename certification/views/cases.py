"""The cases desk: complaints and appeals. Network-wide staff see every case and assign
it; the person assigned closes it with an outcome; an organization's people follow
their appeals. The rule on who may be assigned is the service's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from certification import selectors
from certification.forms.decisions import AssignForm, CloseForm
from certification.models import APPEAL, COMPLAINT
from certification.services.complaints import case_assign, case_close
from certification.views.access import case_for
from network.workflow import TransitionError


@login_required
def case_list(request):
    if not selectors.handles_cases(request.user):
        raise PermissionDenied
    return render(
        request, "certification/cases/case_list.html", selectors.open_cases_for(request.user)
    )


def _case_page(request, case, capabilities, *, appeal: bool, assign_form=None, close_form=None):
    machine = APPEAL if appeal else COMPLAINT
    context = {
        "case": case,
        "appeal": appeal,
        "capabilities": capabilities,
        "steps": machine.timeline(case),
        "assign_form": assign_form,
        "close_form": close_form,
    }
    if "assign" in capabilities and case.status != "closed" and assign_form is None:
        context["assign_form"] = AssignForm(people=selectors.assignable_people(case))
    if "close" in capabilities and case.status == "assigned" and close_form is None:
        context["close_form"] = CloseForm()
    return render(request, "certification/cases/case_detail.html", context)


def _detail_name(appeal: bool) -> str:
    return "certification:appeal_detail" if appeal else "certification:complaint_detail"


def _detail(request, pk, *, appeal):
    case, capabilities = case_for(request, pk, appeal=appeal)
    return _case_page(request, case, capabilities, appeal=appeal)


def _assign(request, pk, *, appeal):
    case, capabilities = case_for(request, pk, appeal=appeal, capability="assign")
    form = AssignForm(request.POST, people=selectors.assignable_people(case))
    if form.is_valid():
        try:
            case_assign(case=case, by=request.user, assignee=form.cleaned_data["assignee"])
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, gettext("The case was assigned."))
            return redirect(_detail_name(appeal), pk=case.pk)
    return _case_page(request, case, capabilities, appeal=appeal, assign_form=form)


def _close(request, pk, *, appeal):
    case, capabilities = case_for(request, pk, appeal=appeal, capability="close")
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            case_close(case=case, by=request.user, outcome=form.cleaned_data["outcome"])
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, gettext("The case was closed; its outcome was sent."))
            return redirect(_detail_name(appeal), pk=case.pk)
    return _case_page(request, case, capabilities, appeal=appeal, close_form=form)


@login_required
def complaint_detail(request, pk: int):
    return _detail(request, pk, appeal=False)


@login_required
@require_POST
def complaint_assign(request, pk: int):
    return _assign(request, pk, appeal=False)


@login_required
@require_POST
def complaint_close(request, pk: int):
    return _close(request, pk, appeal=False)


@login_required
def appeal_detail(request, pk: int):
    return _detail(request, pk, appeal=True)


@login_required
@require_POST
def appeal_assign(request, pk: int):
    return _assign(request, pk, appeal=True)


@login_required
@require_POST
def appeal_close(request, pk: int):
    return _close(request, pk, appeal=True)
