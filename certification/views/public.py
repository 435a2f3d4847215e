"""The standard, public: the version in force (or an older published one), by section,
each criterion with its class, and what the classes mean. No JavaScript; one page of a
few kilobytes (tests/network/test_page_weight.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from certification import selectors
from certification.models import CriterionClass, StandardVersion


def _standard_page(request, version: StandardVersion | None, code: str) -> HttpResponse:
    context = {
        "version": version,
        "versions": list(selectors.published_versions(code)),
        "in_force": selectors.standard_in_force(code),
        "classes": CriterionClass,
    }
    if version is not None:
        context["sections"] = selectors.sections_of(version)
        context["counts"] = selectors.class_counts(version)
    return render(request, "certification/public/standard.html", context)


@require_GET
def standard(request: HttpRequest) -> HttpResponse:
    """The version in force today of the standard for small producers' organizations."""
    code = selectors.DEFAULT_STANDARD
    return _standard_page(request, selectors.standard_in_force(code), code)


@require_GET
def standard_version(request: HttpRequest, code: str, label: str) -> HttpResponse:
    """Any published version (older ones stay readable: applications were filed under
    them); drafts are not public."""
    version = get_object_or_404(selectors.published_versions(code), label=label)
    return _standard_page(request, version, code)
