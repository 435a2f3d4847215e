"""A certification-body person's conflict-of-interest declarations: the organizations
they declared for, and declaring (again) for one. Nobody else uses these pages (403)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from certification import selectors
from certification.forms.conflicts import ConflictDeclarationForm, OrganizationSearchForm
from certification.services import conflicts as services
from certification.views.access import (
    certification_person_required,
    declarable_organization_for,
)
from network.pagination import paginate, query_string_without_page


@login_required
@require_GET
def conflict_list(request):
    certification_person_required(request.user)
    search = OrganizationSearchForm(request.GET or None)
    found = []
    if search.is_valid():
        found = selectors.organizations_search(
            request.user,
            query=search.cleaned_data["q"].strip(),
            country=search.cleaned_data["country"],
        )
    return render(
        request,
        "certification/conflict_list.html",
        {
            "page_obj": paginate(request, selectors.declarations_in_force(request.user)),
            "query_string": query_string_without_page(request),
            "search": search,
            "found": found,
            "searched": search.is_bound and search.is_valid(),
            "today": timezone.localdate(),
            "months": settings.CERTIFICATION_CONFLICT_DECLARATION_MONTHS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conflict_declare(request, organization_pk: int):
    """Declare for one organization; the newest declaration supersedes the earlier ones,
    listed below the form as the history."""
    organization = declarable_organization_for(request, organization_pk)
    form = ConflictDeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.conflict_declare(
            person=request.user,
            organization=organization,
            outcome=form.cleaned_data["outcome"],
            details=form.cleaned_data["details"],
        )
        messages.success(
            request,
            _("Your declaration for %(organization)s was recorded.")
            % {"organization": organization},
        )
        return redirect("certification:conflict_list")
    return render(
        request,
        "certification/conflict_declare.html",
        {
            "organization": organization,
            "form": form,
            "history": selectors.organization_declarations(request.user, organization)[:20],
            "today": timezone.localdate(),
        },
    )
