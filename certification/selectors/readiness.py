"""Readiness before filing: what a cooperative can already show, so that nothing is filed
that would come back for a missing paper.

`organization_readiness` answers before any application exists (the readiness page): the
small-producer test from the live member register, each document the type of application
needs present in the library and valid on the planned date, and the profile fields the
application takes. `application_readiness` adds the application's own sections and the
documents it links; submitting is refused until it is complete (the "submit" guard)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from certification.models import (
    REQUIRED_DOCUMENTS,
    ROWS_MAY_BE_EMPTY,
    SECTION_REQUIRED,
    SECTION_ROWS,
    Application,
    ApplicationDocument,
    ApplicationSection,
    guard_for,
)
from producers.models import (
    ActorType,
    Document,
    DocumentType,
    DocumentVersion,
    Level,
    Organization,
)
from producers.selectors import organization_small_producer_test

# What the application copies from the profile, and the certification body reads there.
PROFILE_FIELDS = (
    "legal_name",
    "legal_form",
    "tax_id",
    "contact_name",
    "email",
    "phone",
    "region",
    "municipality",
)
# The small-producer test is about producers: first-grade SPOs' registers.
TESTED_ACTOR_TYPES = (ActorType.SPO, ActorType.COLLECTIVE_SPO)

REGISTER, PROFILE, DOCUMENTS, APPLICATION = "register", "profile", "documents", "application"
GROUP_LABELS = {
    REGISTER: _("Member register"),
    PROFILE: _("Organization profile"),
    DOCUMENTS: _("Required documents"),
    APPLICATION: _("The application"),
}


@dataclass(frozen=True)
class Check:
    """One thing the body will look for: whether it is there, why not, where to fix it."""

    group: str
    label: str
    ok: bool
    detail: str = ""
    url: str = ""


@dataclass
class Readiness:
    checks: list[Check] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def missing(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]

    def groups(self) -> list[tuple[str, list[Check]]]:
        """The checks by group, in the order the page shows them."""
        return [
            (str(GROUP_LABELS[group]), [check for check in self.checks if check.group == group])
            for group in GROUP_LABELS
            if any(check.group == group for check in self.checks)
        ]


def organization_readiness(organization: Organization, *, kind: str, on: datetime.date):
    """What the organization can show today for an application of `kind` evaluated `on`."""
    documents = _library(organization, REQUIRED_DOCUMENTS[kind])
    checks = _register_checks(organization) + _profile_checks(organization)
    for requirement in REQUIRED_DOCUMENTS[kind]:
        candidates = [d for d in documents if d.doc_type == requirement]
        checks.append(_library_check(organization, requirement, candidates, on))
    return Readiness(checks)


def application_readiness(application: Application) -> Readiness:
    """Everything the submit guard asks of an application, each with where to fix it."""
    organization = application.organization
    on = planned_day(application)
    checks = _register_checks(organization) + _profile_checks(organization)
    checks += [
        _section_check(application, section, gaps)
        for section, gaps in section_gaps(application).items()
    ]
    links = {link.requirement: link for link in _links(application)}
    for requirement in REQUIRED_DOCUMENTS[application.kind]:
        checks.append(_link_check(application, requirement, links.get(requirement), on))
    return Readiness(checks)


def planned_day(application: Application) -> datetime.date:
    """The day documents must be valid on: the wished evaluation date, else today."""
    return application.planned_evaluation_on or timezone.localdate()


def document_valid_on(document: Document, day: datetime.date) -> bool:
    return (document.valid_from is None or document.valid_from <= day) and (
        document.valid_until is None or day <= document.valid_until
    )


def section_gaps(application: Application) -> dict[str, list[str]]:
    """{section: what is missing in it}, for every section (an empty list: complete)."""
    counts = _row_counts(application)
    gaps = {}
    for section in ApplicationSection:
        missing = [
            str(Application._meta.get_field(name).verbose_name)
            for name in SECTION_REQUIRED.get(section, ())
            if getattr(application, name) in (None, "", [])
        ]
        planned = application.planned_evaluation_on
        if section == ApplicationSection.GENERAL and planned and planned < timezone.localdate():
            missing.append(gettext("a wished evaluation date that has not passed"))
        if section == ApplicationSection.MEMBERS and application.members_in_scope == 0:
            missing.append(gettext("at least one member in scope"))
        if section == ApplicationSection.PRODUCTS and not counts[section]:
            missing.append(gettext("at least one product"))
        if section in ROWS_MAY_BE_EMPTY and section not in application.sections_saved:
            missing.append(gettext("not saved yet"))
        if section == ApplicationSection.MAP and not application.area_map_file:
            missing.append(gettext("the map file"))
        if section == ApplicationSection.DOCUMENTS:
            linked = counts[section]
            needed = len(REQUIRED_DOCUMENTS[application.kind])
            if linked < needed:
                missing.append(
                    ngettext(
                        "%(count)d required document not chosen",
                        "%(count)d required documents not chosen",
                        needed - linked,
                    )
                    % {"count": needed - linked}
                )
        gaps[section] = missing
    return gaps


@guard_for("submit")
def _ready_to_file(application: Application):
    """Submitting (and resubmitting) needs a complete, documented application."""
    missing = application_readiness(application).missing
    if not missing:
        return None
    shown = "; ".join(str(check.label) for check in missing[:3])
    if len(missing) > 3:
        shown += " …"
    return ngettext(
        "Not ready to file: %(count)d point is open (%(points)s).",
        "Not ready to file: %(count)d points are open (%(points)s).",
        len(missing),
    ) % {"count": len(missing), "points": shown}


# --- Inside -----------------------------------------------------------------------------


def _register_checks(organization: Organization) -> list[Check]:
    if organization.actor_type not in TESTED_ACTOR_TYPES or organization.level != Level.FIRST:
        return []
    test = organization_small_producer_test(organization)
    if test.passed:
        detail = gettext("%(percent)s%% of %(total)d members are within the limits.") % {
            "percent": test.small_percent,
            "total": test.total,
        }
    elif not test.total:
        detail = gettext("The register has no active members.")
    elif test.counts["no_data"]:
        detail = gettext("%(count)d members have no area or beehives recorded.") % {
            "count": test.counts["no_data"]
        }
    else:
        detail = gettext(
            "%(percent)s%% of the members are within the limits; at least 85%% must be, and "
            "none beyond twice the limits."
        ) % {"percent": test.small_percent}
    return [
        Check(
            REGISTER,
            gettext("The small-producer test passes"),
            test.passed,
            detail,
            reverse("producers:member_list", args=[organization.pk]),
        )
    ]


def _profile_checks(organization: Organization) -> list[Check]:
    edit = reverse("producers:organization_edit", args=[organization.pk])
    missing = [
        str(Organization._meta.get_field(name).verbose_name)
        for name in PROFILE_FIELDS
        if not getattr(organization, name)
    ]
    checks = [
        Check(
            PROFILE,
            gettext("The profile has what the application needs"),
            not missing,
            gettext("Missing: %(fields)s.") % {"fields": ", ".join(missing)} if missing else "",
            edit,
        )
    ]
    has_products = organization.products.exists()
    checks.append(
        Check(
            PROFILE,
            gettext("The products are recorded"),
            has_products,
            "" if has_products else gettext("Add the products the organization sells."),
            reverse("producers:organization_detail", args=[organization.pk]),
        )
    )
    return checks


def _library(organization: Organization, types) -> list[Document]:
    return list(
        Document.objects.filter(organization=organization, doc_type__in=types)
        .annotate(version_count=Count("versions"))
        .order_by("-valid_until", "-updated_at")
    )


def _library_check(organization, requirement, candidates, on) -> Check:
    label = _document_label(requirement)
    url = reverse("producers:document_list", args=[organization.pk])
    usable = [d for d in candidates if d.version_count]
    valid = [d for d in usable if document_valid_on(d, on)]
    if valid:
        return Check(DOCUMENTS, label, True, valid[0].title, url)
    if usable:
        return Check(DOCUMENTS, label, False, _not_valid(usable[0], on), url)
    return Check(DOCUMENTS, label, False, gettext("Not in the document library."), url)


def _links(application: Application):
    return application.document_links.select_related("document").prefetch_related(
        Prefetch("document__versions", queryset=DocumentVersion.objects.only("id", "document"))
    )


def _link_check(application, requirement, link, on) -> Check:
    label = _document_label(requirement)
    url = reverse("certification:application_section", args=[application.pk, "documents"])
    if link is None:
        return Check(DOCUMENTS, label, False, gettext("Not chosen in the application."), url)
    document = link.document
    if document.doc_type != requirement or not document.versions.all():
        return Check(DOCUMENTS, label, False, gettext("Choose another document."), url)
    if not document_valid_on(document, on):
        return Check(DOCUMENTS, label, False, _not_valid(document, on), url)
    return Check(DOCUMENTS, label, True, document.title, url)


def _section_check(application, section, gaps) -> Check:
    return Check(
        APPLICATION,
        str(ApplicationSection(section).label),
        not gaps,
        gettext("Missing: %(what)s.") % {"what": ", ".join(gaps)} if gaps else "",
        reverse("certification:application_section", args=[application.pk, section]),
    )


def _row_counts(application: Application) -> dict[str, int]:
    """How many rows each list section holds (one query: a count subquery per list)."""
    lists = {**SECTION_ROWS, ApplicationSection.DOCUMENTS: ApplicationDocument}
    counted = (
        Application.objects.filter(pk=application.pk)
        .annotate(**{f"{section}_count": _count(model) for section, model in lists.items()})
        .values(*(f"{section}_count" for section in lists))
        .get()
    )
    return {section: counted[f"{section}_count"] for section in lists}


def _count(model):
    rows = (
        model.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _document_label(requirement: str) -> str:
    return capfirst(DocumentType(requirement).label)


def _not_valid(document: Document, on: datetime.date) -> str:
    return gettext("“%(title)s” is valid %(start)s – %(end)s, not on %(day)s.") % {
        "title": document.title,
        "start": formats.date_format(document.valid_from, "SHORT_DATE_FORMAT")
        if document.valid_from
        else "…",
        "end": formats.date_format(document.valid_until, "SHORT_DATE_FORMAT")
        if document.valid_until
        else "…",
        "day": formats.date_format(on, "SHORT_DATE_FORMAT"),
    }
