from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from network.access import require
from network.exports import spreadsheet_response
from network.pagination import paginate, query_string_without_page
from network.permissions import is_network_staff
from producers.directory import directory_filters
from producers.forms.directory import DirectoryFilterForm
from producers.selectors import directory_countries, directory_organizations


def _filtered(request):
    require(is_network_staff(request.user))
    form = DirectoryFilterForm(request.GET or None, countries=directory_countries(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    organizations = directory_organizations(
        request.user,
        query=filters.get("q", ""),
        country=filters.get("country", ""),
        product=filters.get("product"),
        status=filters.get("status", ""),
        sort=filters.get("sort", ""),
        extra={f.name: filters.get(f.name, "") for f in directory_filters()},
    )
    return form, organizations


@login_required
def directory(request):
    form, organizations = _filtered(request)
    return render(
        request,
        "producers/directory.html",
        {
            "form": form,
            "page_obj": paginate(request, organizations, per_page=50),
            "query_string": query_string_without_page(request),
        },
    )


DIRECTORY_COLUMNS = ["id", "legal_name", "short_name", "country", "region", "level",
                     "membership", "members", "products", "email", "phone", "website",
                     "tax_id"]  # fmt: skip


@login_required
def directory_export(request):
    """The filtered directory as CSV, streamed."""
    _form, organizations = _filtered(request)
    rows = (
        [
            organization.pk,
            organization.legal_name,
            organization.short_name,
            organization.country.code,
            organization.region,
            organization.level,
            organization.membership_status,
            organization.member_count,
            "; ".join(p.name for p in organization.product_networks.all()),
            organization.email,
            organization.phone,
            organization.website,
            organization.tax_id,
        ]
        for organization in organizations.iterator(chunk_size=500)
    )
    return spreadsheet_response(
        header=DIRECTORY_COLUMNS, rows=rows, file_format="csv", download_as="organizations"
    )
