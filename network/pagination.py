"""The one way list pages paginate: a page of the queryset, and the query string of the
current filters without the page number (for the pagination include's links)."""

from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int = 50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
