"""Evaluator competences: the records of the certification bodies the user works for (or
every body's, for network-wide staff, read-only); recording one and ending one, for the
body's reviewers and committee members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from certification.forms.competence import CompetenceEndForm, CompetenceForm
from certification.selectors import competence as selectors
from certification.selectors.competence import CompetenceCapability as Can
from certification.services import competence as services
from certification.views.access import competence_body_for, competence_for
from network.pagination import paginate


@login_required
@require_GET
def competence_list(request):
    if not selectors.sees_competences(request.user):
        raise PermissionDenied
    bodies = [
        body
        for body in selectors.competence_bodies_visible_to(request.user).order_by("name")
        if Can.MANAGE in selectors.competence_capabilities(request.user, body)
    ]
    records = paginate(request, selectors.competences_listed(request.user))
    for record in records:
        record.may_end = (
            record.ended_at is None
            and record.evaluator_id != request.user.pk
            and (record.certification_body in bodies)
        )
    return render(
        request,
        "certification/competence/list.html",
        {"page_obj": records, "managed_bodies": bodies},
    )


@login_required
@require_http_methods(["GET", "POST"])
def competence_add(request, body_pk: int):
    body, _capabilities = competence_body_for(request, body_pk, Can.MANAGE)
    evaluators = selectors.body_evaluators(body).exclude(pk=request.user.pk)
    form = CompetenceForm(request.POST or None, evaluators=evaluators)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            competence = services.competence_record(
                body=body,
                by=request.user,
                evaluator=data["evaluator"],
                product_networks=list(data["product_networks"]),
                scope_activities=data["scope_activities"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                basis=data["basis"],
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(
                request,
                _("The competence of %(person)s was recorded.") % {"person": competence.evaluator},
            )
            return redirect("certification:competence_list")
    return render(request, "certification/competence/form.html", {"body": body, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def competence_end(request, pk: int):
    competence, _capabilities = competence_for(request, pk, Can.MANAGE)
    form = CompetenceEndForm(request.POST or None, competence=competence)
    if request.method == "POST" and form.is_valid():
        try:
            services.competence_end(
                competence=competence,
                by=request.user,
                last_day=form.cleaned_data["last_day"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(
                request,
                _("The competence of %(person)s was ended.") % {"person": competence.evaluator},
            )
            return redirect("certification:competence_list")
    return render(
        request, "certification/competence/end.html", {"competence": competence, "form": form}
    )
