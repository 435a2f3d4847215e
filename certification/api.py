"""The buyers' API (django-ninja): certificates by number and the filtered, paginated
register, as JSON, with the OpenAPI 3 schema at /api/v1/openapi.json (documentation
at /api/v1/docs; mounted at the root by certification/api_urls.py, since ninja wants a
namespace of its own). Read-only and public: the same facts as the verification page, never
anything private.

Responses carry an ETag (a hash of the body; If-None-Match gets 304) and
`Cache-Control: public, no-cache`: any cache may keep them but asks again each time,
so a suspension shows on the next request. Each client address has a rate
(CERTIFICATION_API_RATE, through network.ratelimits); beyond it, 429."""

import datetime
import hashlib
import math
from typing import Annotated, Literal

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.translation import gettext
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.throttling import BaseThrottle

from certification import selectors
from certification.models import Certificate
from certification.services.certificates import verification_url
from network.ratelimits import ALL, over_limit

CertificateStatus = Literal["active", "suspended", "expired", "cancelled"]


class ClientThrottle(BaseThrottle):
    """The per-client limit of network.ratelimits, for every API request."""

    def allow_request(self, request) -> bool:
        return not over_limit(
            request, "api", rate=lambda: settings.CERTIFICATION_API_RATE, method=ALL
        )

    def wait(self):
        return 60


class CachedAPI(NinjaAPI):
    """Every successful GET answer gets an ETag and may be revalidated (304)."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method == "GET" and response.status_code == 200:
            etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["ETag"] = etag
            response["Cache-Control"] = "public, no-cache"
            response["Vary"] = "Accept-Language"
            wanted = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
            if etag in wanted or f"W/{etag}" in wanted:
                not_modified = HttpResponseNotModified()
                for header in ("ETag", "Cache-Control", "Vary"):
                    not_modified[header] = response[header]
                return not_modified
        return response


api = CachedAPI(
    title="Minga · SPS certificates",
    version="1.0.0",
    description=(
        "Certificates of the Small Producers' Symbol (SPS): verify one by its number, or "
        "list the public register with filters. Public, read-only, no key needed. Answers "
        "carry an ETag: send If-None-Match to get 304 when nothing changed. Each client "
        "address may make a limited number of requests per minute (429 beyond it)."
    ),
    urls_namespace="certification_api",
    throttle=[ClientThrottle()],
)


class Product(Schema):
    code: str = Field(description="Product network code, e.g. coffee")
    name: str


class Body(Schema):
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2 code, or empty")


class CertificateOut(Schema):
    number: str = Field(examples=["SPS-PE-2026-0042"])
    status: CertificateStatus
    status_since: datetime.datetime
    organization: str
    organization_short_name: str
    country: str = Field(description="ISO 3166-1 alpha-2 code of the organization")
    products: list[Product]
    activities: list[str] = Field(description="production, processing, trading")
    certification_body: Body
    standard: str = Field(description="Standard and version, e.g. sps-spo 1")
    valid_from: datetime.date
    valid_until: datetime.date
    verification_url: str


class CertificatePage(Schema):
    count: int
    page: int
    pages: int
    results: list[CertificateOut]


class Error(Schema):
    detail: str


class ValidationErrors(Schema):
    detail: list[dict]


class RegisterFilters(Schema):
    q: Annotated[str, Field(max_length=100, description="Organization name (part of it)")] = ""
    country: Annotated[
        str, Field(pattern=r"^([A-Za-z]{2})?$", description="ISO 3166-1 alpha-2 code")
    ] = ""
    product: Annotated[str, Field(max_length=40, description="Product network code")] = ""
    status: CertificateStatus | None = None
    page: Annotated[int, Field(ge=1, le=100_000)] = 1
    page_size: Annotated[int, Field(ge=1, le=100)] = 50


def _certificate(certificate: Certificate) -> dict:
    return {
        "number": certificate.number,
        "status": certificate.status,
        "status_since": certificate.status_changed_at,
        "organization": certificate.organization.legal_name,
        "organization_short_name": certificate.organization.short_name,
        "country": certificate.country.code,
        "products": [{"code": p.slug, "name": p.name} for p in certificate.scope_products.all()],
        "activities": list(certificate.scope_activities),
        "certification_body": {
            "name": certificate.certification_body.name,
            "country": certificate.certification_body.country.code or "",
        },
        "standard": f"{certificate.standard_version.code} {certificate.standard_version.label}",
        "valid_from": certificate.valid_from,
        "valid_until": certificate.valid_until,
        "verification_url": verification_url(certificate.number),
    }


ERRORS = {422: ValidationErrors, 429: Error}


@api.get(
    "/certificates",
    response={200: CertificatePage, **ERRORS},
    summary="The public register: current certificates, filtered, by organization name",
    tags=["certificates"],
)
def certificate_list(request, filters: Query[RegisterFilters]):
    product = None
    if filters.product:
        product = selectors.product_by_code(filters.product)
        if product is None:
            return {"count": 0, "page": filters.page, "pages": 0, "results": []}
    certificates = selectors.register_certificates(
        query=filters.q.strip(),
        country=filters.country.upper(),
        product=product,
        status=filters.status or "",
    )
    count = certificates.count()
    start = (filters.page - 1) * filters.page_size
    rows = list(certificates[start : start + filters.page_size]) if start < count else []
    return {
        "count": count,
        "page": filters.page,
        "pages": math.ceil(count / filters.page_size),
        "results": [_certificate(certificate) for certificate in rows],
    }


@api.get(
    "/certificates/{number}",
    response={200: CertificateOut, 404: Error, **ERRORS},
    summary="One certificate by its number, whatever its status",
    tags=["certificates"],
)
def certificate_detail(
    request, number: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9-]+$")]
):
    certificate = selectors.certificate_by_number(number)
    if certificate is None:
        return Status(404, {"detail": gettext("No certificate has this number.")})
    return Status(200, _certificate(certificate))
