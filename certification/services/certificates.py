"""Certificates: the user agreement, issue (number, validity, scope), the PDF with its
QR code, and suspension, reinstatement, cancellation and expiry.

A certificate exists only once the organization has accepted the user agreement for a
granted resolution; both happen in one transaction. Its PDF is made afterwards by the
`reports` worker (certification.tasks.report_certificate_pdf), in the organization's
language, with a QR code (segno) of the public verification URL."""

import hashlib
import io

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from certification.dates import period_end
from certification.models import (
    CERTIFICATE,
    USER_AGREEMENT_VERSION,
    Certificate,
    CertificateCounter,
    Resolution,
    UserAgreement,
)
from certification.selectors import (
    CertificateCapability,
    certificate_capabilities,
    register_changed,
)
from certification.services.notices import organization_notify
from network.activity import activity_record
from network.models import RoleKind
from network.selectors import organization_roles
from network.workflow import GuardFailed, TransitionNotAllowed

# Where the network's working language is not Spanish.
COUNTRY_LANGUAGES = {
    "BR": "pt",
    **dict.fromkeys(["HT", "GF", "GP", "MQ", "BL", "MF"], "fr"),
    **dict.fromkeys(["BZ", "JM", "GY", "TT", "BB", "BS", "AG", "DM", "GD", "KN", "LC", "VC"], "en"),
}


def organization_language(organization) -> str:
    """The language an organization's certificate is written in (its country's)."""
    return COUNTRY_LANGUAGES.get(organization.country.code, settings.LANGUAGE_CODE)


def verification_url(number: str) -> str:
    """The public page a certificate's QR code points to."""
    return settings.SITE_URL.rstrip("/") + reverse("certification:verify", args=[number])


def next_certificate_number(*, country: str, year: int) -> str:
    """SPS-<country>-<year>-<0001…>: one statement takes the next number under the
    counter row's lock, so concurrent issues never share one (no max()+1)."""
    table = CertificateCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (country, year, last) VALUES (%s, %s, 1) "  # noqa: S608 - our table name
            f"ON CONFLICT (country, year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [country, year],
        )
        (last,) = cursor.fetchone()
    return f"SPS-{country}-{year}-{last:04d}"


def agreement_refusal(*, resolution: Resolution, by) -> str | None:
    """Why `by` may not accept the user agreement for this resolution now, or None."""
    organization = resolution.application.organization
    if organization_roles(by).get(organization.pk) != RoleKind.ORG_ADMIN:
        return _("Only an administrator of the organization accepts the agreement for it.")
    if not resolution.grants:
        return _("Only a certification granted is followed by a user agreement.")
    if UserAgreement.objects.filter(resolution=resolution).exists():
        return _("The user agreement was already accepted.")
    return None


def user_agreement_accept(*, resolution: Resolution, by) -> Certificate:
    """The organization accepts the user agreement: the certificate is issued at once
    and its PDF queued."""
    refusal = agreement_refusal(resolution=resolution, by=by)
    if refusal:
        raise GuardFailed(refusal)
    application = resolution.application
    organization = application.organization
    with transaction.atomic():
        locked = Resolution.objects.select_for_update().get(pk=resolution.pk)
        if UserAgreement.objects.filter(resolution=locked).exists():
            raise TransitionNotAllowed(_("The user agreement was already accepted."))
        agreement = UserAgreement.objects.create(
            resolution=locked,
            organization=organization,
            text_version=USER_AGREEMENT_VERSION,
            accepted_by=by,
        )
        activity_record(
            actor=by,
            verb="user_agreement.accepted",
            target=agreement,
            scope=organization,
            changes={"text_version": [None, USER_AGREEMENT_VERSION]},
        )
        certificate = _issue(resolution=locked, agreement=agreement, by=by)
    return certificate


def _issue(*, resolution: Resolution, agreement: UserAgreement, by) -> Certificate:
    application = resolution.application
    organization = application.organization
    today = timezone.localdate()
    country = organization.country.code
    # A renewal's certificate replaces the organization's current one in the register.
    Certificate.objects.filter(organization=organization, is_current=True).update(is_current=False)
    certificate = CERTIFICATE.create(
        number=next_certificate_number(country=country, year=today.year),
        organization=organization,
        resolution=resolution,
        user_agreement=agreement,
        certification_body=application.certification_body,
        standard_version=application.standard_version,
        country=country,
        scope_activities=list(resolution.scope_activities),
        valid_from=today,
        valid_until=period_end(today, application.standard_version.certificate_validity_months),
        language=organization_language(organization),
        issued_by=by,
    )
    certificate.scope_products.set(resolution.scope_products.all())
    activity_record(
        actor=by,
        verb="certificate.issued",
        target=certificate,
        scope=organization,
        changes={"number": [None, certificate.number]},
    )
    from certification import tasks

    tasks.report_certificate_pdf.delay_on_commit(certificate.pk)
    _register_changed()
    return certificate


def _register_changed() -> None:
    """Now (this request's next page) and after commit (a page rendered meanwhile by
    another request from the old rows is not kept)."""
    register_changed()
    transaction.on_commit(register_changed)


def certificate_move(
    *, certificate: Certificate, transition: str, by, reason: str = "", check_capability=True
) -> Certificate:
    """Suspend, reinstate, cancel (the body's committee, with a reason) or expire; the
    register and the API read the new status on their next request. A reason the portal
    writes itself (lazy text, e.g. a payment's) is logged in the network's language and
    emailed in each recipient's."""
    if check_capability and CertificateCapability.DECIDE not in certificate_capabilities(
        by, certificate
    ):
        raise PermissionDenied
    if isinstance(reason, Promise):
        with translation.override(settings.LANGUAGE_CODE):
            logged = str(reason).strip()
    else:
        reason = logged = reason.strip()
    with transaction.atomic():
        CERTIFICATE.move(
            certificate,
            transition,
            by=by,
            reason=logged,
            status_changed_at=timezone.now(),
            version=F("version") + 1,
        )
        certificate.refresh_from_db(fields=["version"])
        _register_changed()
        if transition != "expire":
            organization_notify(
                organization=certificate.organization,
                template="certificate_status_changed",
                context={"certificate": certificate, "reason": reason},
            )
    return certificate


def certificates_expire(*, ids) -> list[int]:
    """The renewal sweep's move (certification/reminders/certificates.py, in its claim's
    transaction, which also writes the notice): each certificate whose validity is over
    is marked expired through CERTIFICATE, logged with no person as the actor. The move
    is conditional on the status, so overlapping sweeps move each once; one reinstated
    or cancelled meanwhile is left as it is. The register shows it on its next request."""
    moved = CERTIFICATE.move_many(
        Certificate.objects.filter(pk__in=ids, valid_until__lt=timezone.localdate()),
        "expire",
        status_changed_at=timezone.now(),
        version=F("version") + 1,
    )
    if moved:
        _register_changed()
    return moved


def certificates_suspend(*, ids, reason: str) -> list[int]:
    """A sweep's suspension (the membership fees', certification/reminders/fees.py, in its
    claim's transaction, which also writes the notice): each certificate still active is
    suspended through CERTIFICATE with `reason`, logged with no person as the actor; the
    move is conditional on the status, so overlapping sweeps move each once. The register
    shows it on its next request."""
    moved = CERTIFICATE.move_many(
        Certificate.objects.filter(pk__in=ids),
        "suspend",
        reason=reason,
        status_changed_at=timezone.now(),
        version=F("version") + 1,
    )
    if moved:
        _register_changed()
    return moved


# --- The PDF ------------------------------------------------------------------------------


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def certificate_pdf_render(*, certificate_id: int) -> bool:
    """Produce the certificate's PDF once (idempotent: a redelivered task finds it)."""
    from network.pdf import render_pdf

    certificate = (
        Certificate.objects.select_related(
            "organization", "certification_body", "standard_version", "resolution"
        )
        .prefetch_related("scope_products")
        .get(pk=certificate_id)
    )
    if certificate.pdf:
        return False
    url = verification_url(certificate.number)
    pdf = render_pdf(
        template="certification/certificates/certificate_pdf.html",
        context={"certificate": certificate, "verification_url": url},
        language=certificate.language,
        images={"qr.png": qr_png(url)},
    )
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if locked.pdf:
            return False
        locked.pdf.save(f"{locked.number}.pdf", ContentFile(pdf), save=False)
        locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        locked.save(update_fields=["pdf", "pdf_sha256"])
    return True
