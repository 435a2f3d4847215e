"""Signatures: the signing hot path, double opt-in emails, confirming, unsubscribing,
the export and the per-country tallies the public pages show."""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from advocacy import tokens
from advocacy.models import Campaign, Signature, SignatureTally
from advocacy.services.common import SigningClosed, absolute_url
from network.activity import activity_record
from network.outbox import email_send


def signature_create(
    *,
    campaign: Campaign,
    name: str,
    email: str,
    country: str,
    city: str = "",
    organization: str = "",
    consent_updates: bool = False,
    show_publicly: bool = False,
    language: str,
) -> None:
    """Record a signature and queue its confirmation email. A second signature with the
    same address is not an error the visitor sees: the owner of the address gets an
    email instead. Returns nothing on purpose, so no caller can leak which case it was."""
    if not campaign.takes_signatures or not campaign.is_open():
        raise SigningClosed
    from advocacy import tasks

    email = email.strip().lower()
    signature_id = _signature_insert(
        campaign_id=campaign.pk,
        name=name.strip(),
        email=email,
        country=country,
        city=city.strip(),
        organization=organization.strip(),
        consent_updates=consent_updates,
        show_publicly=show_publicly,
        language=language,
    )
    if signature_id is not None:
        tasks.email_signature_confirmation.delay_on_commit(signature_id)
        return
    existing = (
        Signature.objects.filter(campaign=campaign, email=email)
        .values_list("pk", flat=True)
        .first()
    )
    if existing is not None:
        tasks.email_signature_duplicate.delay_on_commit(existing, language)


_SIGNATURE_COLUMNS = ("campaign_id", "name", "email", "country", "city", "organization",
                      "consent_updates", "show_publicly", "language", "created_at")  # fmt: skip
_SIGNATURE_INSERT = (
    f"INSERT INTO {Signature._meta.db_table} ({', '.join(_SIGNATURE_COLUMNS)}) "  # noqa: S608
    f"VALUES ({', '.join(['%s'] * len(_SIGNATURE_COLUMNS))}) "
    "ON CONFLICT (campaign_id, email) WHERE email <> '' DO NOTHING RETURNING id"
)


def _signature_insert(**values) -> int | None:
    """One statement, atomic on its own, that lets the unique index decide: the new id,
    or None when this address already signed. No exception, no savepoint, one round trip
    on the hottest path of the site (see bench/sign.py)."""
    values["created_at"] = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_SIGNATURE_INSERT, [values[column] for column in _SIGNATURE_COLUMNS])
        row = cursor.fetchone()
    return row[0] if row else None


def _signature_links(signature: Signature) -> dict:
    return {
        "confirm_url": absolute_url(
            reverse("advocacy:signature_confirm", args=[tokens.confirm_token(signature.pk)])
        ),
        "campaign_url": absolute_url(
            reverse(
                "advocacy:campaign_detail",
                args=[signature.campaign.localized("slug", signature.language)],
            )  # fmt: skip
        ),
    }


def _campaign_title(campaign: Campaign, language: str) -> str:
    return campaign.localized("title", language)


@transaction.atomic
def signature_confirmation_send(*, signature_id: int) -> bool:
    """Email the confirmation link once: the conditional UPDATE is the claim."""
    claimed = Signature.objects.filter(
        pk=signature_id, confirmation_sent_at=None, erased_at=None
    ).update(confirmation_sent_at=timezone.now())
    if not claimed:
        return False
    signature = Signature.objects.select_related("campaign").get(pk=signature_id)
    email_send(
        to=signature.email,
        template="advocacy_signature_confirm",
        context={
            "name": signature.first_name,
            "campaign_title": _campaign_title(signature.campaign, signature.language),
            "expires_days": settings.ADVOCACY_CONFIRM_MAX_AGE // 86400,
            **_signature_links(signature),
        },
        language=signature.language,
    )
    return True


_NOTICE_GAP = timedelta(hours=1)


@transaction.atomic
def signature_duplicate_notify(*, signature_id: int, language: str) -> bool:
    """Tell the address's owner they already signed; at most once an hour, so the form
    cannot be used to flood someone's inbox."""
    now = timezone.now()
    claimed = (
        Signature.objects.filter(pk=signature_id, erased_at=None)
        .filter(Q(duplicate_notified_at=None) | Q(duplicate_notified_at__lt=now - _NOTICE_GAP))
        .update(duplicate_notified_at=now)
    )
    if not claimed:
        return False
    signature = Signature.objects.select_related("campaign").get(pk=signature_id)
    language = language if language in dict(settings.LANGUAGES) else signature.language
    email_send(
        to=signature.email,
        template="advocacy_signature_duplicate",
        context={
            "campaign_title": _campaign_title(signature.campaign, language),
            "confirmed": signature.is_confirmed,
            **_signature_links(signature),
        },
        language=language,
    )
    return True


def signature_confirm(*, signature_id: int) -> Signature | None:
    """Mark the signature confirmed (idempotent); None if it no longer exists or was erased."""
    signature = (
        Signature.objects.select_related("campaign").filter(pk=signature_id, erased_at=None).first()
    )
    if signature is None:
        return None
    if signature.confirmed_at is None:
        now = timezone.now()
        Signature.objects.filter(pk=signature.pk, confirmed_at=None).update(confirmed_at=now)
        signature.confirmed_at = now
    return signature


def signature_unsubscribe(*, signature_id: int) -> bool:
    """Stop updates to this signer (idempotent). True when the signature exists."""
    Signature.objects.filter(pk=signature_id, unsubscribed_at=None).update(
        unsubscribed_at=timezone.now(), consent_updates=False
    )
    return Signature.objects.filter(pk=signature_id).exists()


@transaction.atomic
def signatures_unsubscribe_all(*, signature_id: int) -> int:
    """Withdraw consent to updates on every signature with this signature's address, so
    no campaign writes to it again (signing anew with consent asks again). Idempotent;
    returns how many signatures had still agreed."""
    email = (
        Signature.objects.filter(pk=signature_id, erased_at=None)
        .values_list("email", flat=True)
        .first()
    )
    if not email:
        return 0
    signatures = Signature.objects.filter(email=email)
    still_agreed = signatures.filter(consent_updates=True, unsubscribed_at=None).count()
    signatures.update(
        consent_updates=False, unsubscribed_at=Coalesce("unsubscribed_at", timezone.now())
    )
    return still_agreed


SIGNATURES_EXPORT_COLUMNS = ["name", "email", "country", "city", "organization", "language",
                             "consent_updates", "signed_at", "confirmed_at",
                             "unsubscribed_at"]  # fmt: skip


def signatures_export(*, campaign: Campaign, by):
    """The rows of a campaign's signatures export (columns: SIGNATURES_EXPORT_COLUMNS),
    oldest first, to be read once; the export goes in the activity log with its size."""
    rows = (
        Signature.objects.filter(campaign=campaign, erased_at=None)
        .order_by("created_at")
        .values_list("name", "email", "country", "city", "organization", "language",
                     "consent_updates", "created_at", "confirmed_at", "unsubscribed_at")
    )  # fmt: skip
    activity_record(
        actor=by, verb="signatures.exported", target=campaign, changes={"rows": rows.count()}
    )
    return rows.iterator(chunk_size=2000)


def tallies_refresh(*, now=None) -> int:
    """Recount confirmed signatures per campaign and country from the index. Runs every
    half minute on beat, so the POST path never touches a counter row."""
    now = now or timezone.now()
    campaign_ids = list(
        Campaign.objects.filter(
            Q(status=Campaign.Status.PUBLISHED)
            | Q(status=Campaign.Status.CLOSED, closed_at__gte=now - timedelta(days=2))
        ).values_list("pk", flat=True)
    )
    for campaign_id in campaign_ids:
        counts = (
            Signature.objects.filter(campaign_id=campaign_id, confirmed_at__isnull=False)
            .values("country")
            .annotate(n=Count("id"))
            .values_list("country", "n")
        )
        rows = [
            SignatureTally(campaign_id=campaign_id, country=country, confirmed=n, refreshed_at=now)
            for country, n in counts
        ]
        with transaction.atomic():
            SignatureTally.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["campaign", "country"],
                update_fields=["confirmed", "refreshed_at"],
            )
            SignatureTally.objects.filter(campaign_id=campaign_id).exclude(
                country__in=[row.country for row in rows]
            ).delete()
    return len(campaign_ids)
