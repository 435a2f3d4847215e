"""Reads of certificates: the public register (anyone), the verification of one number,
and the private pages (the organization's people, its certification body's cleared
people, network staff).

The register shows each organization's current certificate with its status as stored:
a suspension is visible on the next request. Filtering uses the register index
(is_current, status, country) and the scope's through table; a page costs the same few
queries whatever its size (tests/certification/test_register.py)."""

from enum import StrEnum

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet

from certification.models import Certificate
from certification.selectors.conflicts import cleared_for
from network.models import ProductNetwork, RoleKind
from network.selectors import certification_body_ids, has_certification_role
from producers.selectors import Capability, organization_capabilities, organizations_visible_to

_SCOPE_PRODUCTS = Prefetch("scope_products", queryset=ProductNetwork.objects.order_by("name"))


class CertificateCapability(StrEnum):
    VIEW = "view"
    DECIDE = "decide"  # suspend, reinstate, cancel (the body's committee)


REGISTER_VERSION_KEY = "certification:register-version"
# Rendered register rows are kept this long at most (names edited elsewhere show after it);
# a certificate issued or moved changes the version, so its status shows at once.
REGISTER_ROWS_SECONDS = 60


def register_version() -> int:
    return cache.get_or_set(REGISTER_VERSION_KEY, 1, timeout=None)


def register_changed() -> None:
    """A certificate was issued or moved: rendered register rows are stale."""
    cache.set(REGISTER_VERSION_KEY, register_version() + 1, timeout=None)


def register_certificates(
    *, query: str = "", country: str = "", product=None, status: str = ""
) -> QuerySet[Certificate]:
    """The public register: current certificates, filtered, by organization name."""
    query = query.replace("\x00", "")  # PostgreSQL refuses NUL in text (found by schemathesis)
    certificates = Certificate.objects.filter(is_current=True)
    if status:
        certificates = certificates.filter(status=status)
    if country:
        certificates = certificates.filter(country=country)
    if product is not None:
        certificates = certificates.filter(
            pk__in=Certificate.scope_products.through.objects.filter(productnetwork=product).values(
                "certificate_id"
            )
        )
    if query:
        certificates = certificates.filter(
            Q(organization__legal_name__icontains=query)
            | Q(organization__short_name__icontains=query)
            | Q(number__iexact=query)
        )
    return (
        certificates.select_related("organization", "certification_body", "standard_version")
        .prefetch_related(_SCOPE_PRODUCTS)
        .order_by("organization__legal_name", "organization_id")
    )


def product_by_code(code: str) -> ProductNetwork | None:
    if "\x00" in code:  # no slug holds NUL, and PostgreSQL refuses it (found by schemathesis)
        return None
    return ProductNetwork.objects.filter(slug=code).first()


def register_countries() -> list[str]:
    """Country codes the register holds certificates in (its country filter)."""
    return list(
        Certificate.objects.filter(is_current=True)
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )


def certificate_by_number(number: str) -> Certificate | None:
    """Any certificate ever issued, by its number (old ones verify as what they are)."""
    return (
        Certificate.objects.filter(number__iexact=number.replace("\x00", "").strip())
        .select_related("organization", "certification_body", "standard_version")
        .prefetch_related(_SCOPE_PRODUCTS)
        .first()
    )


def current_certificate(organization) -> Certificate | None:
    return Certificate.objects.filter(organization=organization, is_current=True).first()


NOT_CERTIFIED = "none"


def with_certification_status(organizations: QuerySet, status: str) -> QuerySet:
    """The staff directory's filter (registered with producers.directory): organizations
    whose current certificate has `status`, or with none ("none")."""
    current = Certificate.objects.filter(is_current=True)
    if status == NOT_CERTIFIED:
        return organizations.exclude(pk__in=current.values("organization_id"))
    return organizations.filter(pk__in=current.filter(status=status).values("organization_id"))


def certificates_visible_to(user) -> QuerySet[Certificate]:
    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    scope = Q(organization__in=organizations_visible_to(user).values("pk"))
    bodies = certification_body_ids(user)
    if bodies:
        scope |= Q(certification_body_id__in=bodies)
    certificates = Certificate.objects.filter(scope)
    if has_certification_role(user):
        certificates = certificates.filter(cleared_for(user))
    return certificates


def certificate_capabilities(user, certificate: Certificate) -> frozenset:
    capabilities = set()
    if Capability.VIEW in organization_capabilities(user, certificate.organization):
        capabilities.add(CertificateCapability.VIEW)
    bodies = certification_body_ids(user)
    if certificate.certification_body_id in bodies:
        capabilities.add(CertificateCapability.VIEW)
        if certificate.certification_body_id in certification_body_ids(user, RoleKind.COMMITTEE):
            capabilities.add(CertificateCapability.DECIDE)
    return frozenset(capabilities)


def organization_certificates(organization) -> QuerySet[Certificate]:
    return organization.certificates.select_related("certification_body").order_by("-issued_at")
