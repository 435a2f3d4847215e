"""Every write of the advocacy app: keyword-only arguments, one transaction each, the
activity log for staff actions, and work queued only after commit."""

import csv
import io
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advocacy import selectors, tokens
from advocacy.models import (
    GOAL_COUNT,
    Campaign,
    CampaignUpdate,
    Declaration,
    DeclarationGoal,
    Resource,
    Signature,
    SignatureTally,
    UpdateDelivery,
)
from network.email import email_send
from network.models import OutboxMessage
from network.services import activity_record, changes_between

logger = logging.getLogger(__name__)


class TransitionNotAllowed(Exception):
    """The object is not in a state from which this move is allowed."""


class GuardFailed(Exception):
    """The move is allowed in principle but a precondition is not met (message says)."""


class SigningClosed(Exception):
    pass


def _move(obj, *, to: str, by=None, verb: str, **fields) -> None:
    """Apply one transition of `obj`'s state machine, guarded by a conditional UPDATE so
    two concurrent requests can never both make the same move."""
    if not obj.can_move_to(to):
        raise TransitionNotAllowed(f"{obj.status} → {to}")
    before = obj.status
    moved = type(obj).objects.filter(pk=obj.pk, status=before).update(status=to, **fields)
    if not moved:
        raise TransitionNotAllowed(f"{obj.status} changed meanwhile")
    obj.status = to
    for name, value in fields.items():
        setattr(obj, name, value)
    if by is not None:
        activity_record(
            actor=by, verb=verb, target=obj, scope=_scope_of(obj), changes={"status": [before, to]}
        )


def _scope_of(obj):
    return obj if isinstance(obj, Campaign) else obj.campaign


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Campaigns ---------------------------------------------------------------


def _set_image(campaign: Campaign, image, image_type: str) -> None:
    if image:
        campaign.image.save("image", image, save=False)
        campaign.image_type = image_type


@transaction.atomic
def campaign_create(*, by, fields: dict, image=None, image_type: str = "") -> Campaign:
    countries = fields.pop("countries", [])
    campaign = Campaign(created_by=by, **fields)
    campaign.countries = countries
    _set_image(campaign, image, image_type)
    campaign.save()
    activity_record(actor=by, verb="campaign.create", target=campaign)
    return campaign


@transaction.atomic
def campaign_edit(*, campaign: Campaign, by, fields: dict, image=None, image_type="") -> Campaign:
    before = {name: getattr(campaign, name) for name in fields}
    for name, value in fields.items():
        setattr(campaign, name, value)
    _set_image(campaign, image, image_type)
    campaign.save()
    after = {name: getattr(campaign, name) for name in fields}
    changes = changes_between(
        {k: str(v) for k, v in before.items()}, {k: str(v) for k, v in after.items()}
    )
    if image:
        changes["image"] = [None, "new"]
    activity_record(actor=by, verb="campaign.edit", target=campaign, changes=changes)
    return campaign


@transaction.atomic
def campaign_publish(*, campaign: Campaign, by) -> Campaign:
    """Draft → published, once the Spanish texts are there and a petition has a goal."""
    if campaign.kind == Campaign.Kind.PETITION and not campaign.goal:
        raise GuardFailed(_("A petition needs a signature goal before it is published."))
    if not (campaign.title_es and campaign.summary_es and campaign.body_es):
        raise GuardFailed(_("The Spanish title, summary and text are required."))
    _move(campaign, to=Campaign.Status.PUBLISHED, by=by, verb="campaign.publish",
          published_at=timezone.now())  # fmt: skip
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign, by) -> Campaign:
    """Published → closed: the page stays, signing stops."""
    _move(campaign, to=Campaign.Status.CLOSED, by=by, verb="campaign.close",
          closed_at=timezone.now())  # fmt: skip
    return campaign


# --- Signatures --------------------------------------------------------------


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
        "confirm_url": _absolute(
            reverse("advocacy:signature_confirm", args=[tokens.confirm_token(signature.pk)])
        ),
        "campaign_url": _absolute(
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
        .filter(
            Q(duplicate_notified_at=None) | Q(duplicate_notified_at__lt=now - timedelta(hours=1))
        )
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
def signer_erase(*, email: str, by) -> int:
    """Remove a person's data everywhere we keep it: their signatures (the rows stay,
    anonymous, so counts do not change), the records of updates sent to them, and the
    stored copies of the emails sent to them. Returns the number of signatures erased."""
    email = email.strip().lower()
    if not email:
        return 0
    signatures = list(Signature.objects.filter(email=email).select_related("campaign"))
    UpdateDelivery.objects.filter(signature__in=signatures).delete()
    Signature.objects.filter(pk__in=[s.pk for s in signatures]).update(
        name="",
        email="",
        city="",
        organization="",
        consent_updates=False,
        show_publicly=False,
        unsubscribed_at=timezone.now(),
        erased_at=timezone.now(),
    )
    OutboxMessage.objects.filter(to__iexact=email).update(
        to="erased@erased.invalid",
        subject="",
        body_text="",
        body_html="",
        headers={},
        status=OutboxMessage.Status.FAILED,
        last_error="erased on request",
    )
    for signature in signatures:
        activity_record(
            actor=by,
            verb="signature.erase",
            target=signature,
            scope=signature.campaign,
            reason="erased on the signer's request",
        )
    return len(signatures)


def signatures_export_csv(*, campaign: Campaign, by) -> str:
    """All signatures of a campaign as CSV; the export itself goes in the activity log."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["name", "email", "country", "city", "organization", "language", "consent_updates",
         "signed_at", "confirmed_at", "unsubscribed_at"]
    )  # fmt: skip
    rows = (
        Signature.objects.filter(campaign=campaign, erased_at=None)
        .order_by("created_at")
        .values_list("name", "email", "country", "city", "organization", "language",
                     "consent_updates", "created_at", "confirmed_at", "unsubscribed_at")
    )  # fmt: skip
    count = 0
    for row in rows.iterator(chunk_size=2000):
        writer.writerow([_csv_safe(value) for value in row])
        count += 1
    activity_record(actor=by, verb="signatures.export", target=campaign, changes={"rows": count})
    return buffer.getvalue()


def _csv_safe(value):
    """Keep spreadsheet programs from running a signer's name as a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


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


# --- Declarations ------------------------------------------------------------


@transaction.atomic
def declaration_apply(
    *, campaign: Campaign, fields: dict, evidence: list[dict], language: str
) -> Declaration:
    """A town council or university applies; it starts as `interested`."""
    if not campaign.takes_declarations or campaign.status != Campaign.Status.PUBLISHED:
        raise SigningClosed
    declaration = Declaration.objects.create(campaign=campaign, language=language, **fields)
    DeclarationGoal.objects.bulk_create(
        DeclarationGoal(
            declaration=declaration,
            number=number,
            evidence_text=(evidence[number - 1] if number <= len(evidence) else {}).get("text", ""),
            evidence_link=(evidence[number - 1] if number <= len(evidence) else {}).get("link", ""),
        )
        for number in range(1, GOAL_COUNT + 1)
    )
    activity_record(actor=None, verb="declaration.apply", target=declaration, scope=campaign)
    return declaration


@transaction.atomic
def declaration_start(*, declaration: Declaration, by) -> Declaration:
    """Interested → in progress, or renewal due → in progress (evidence to check again)."""
    renewing = declaration.status == Declaration.Status.RENEWAL_DUE
    _move(declaration, to=Declaration.Status.IN_PROGRESS, by=by, verb="declaration.start")
    if renewing:
        declaration.goals.update(verified_at=None, verified_by=None)
    return declaration


@transaction.atomic
def declaration_goal_update(
    *, goal: DeclarationGoal, by, text: str, link: str, file=None, file_type: str = ""
) -> DeclarationGoal:
    """New evidence for a goal; changed evidence needs verifying again."""
    changed = text != goal.evidence_text or link != goal.evidence_link or file is not None
    goal.evidence_text, goal.evidence_link = text, link
    if file is not None:
        goal.evidence_file.save("evidence", file, save=False)
        goal.evidence_file_type = file_type
    if changed:
        goal.verified_at, goal.verified_by = None, None
    goal.save()
    activity_record(
        actor=by, verb="declaration.evidence", target=goal.declaration,
        scope=goal.declaration.campaign, changes={"goal": goal.number},
    )  # fmt: skip
    return goal


@transaction.atomic
def declaration_goal_verify(*, goal: DeclarationGoal, by, verified: bool) -> DeclarationGoal:
    if goal.declaration.status != Declaration.Status.IN_PROGRESS:
        raise TransitionNotAllowed("goals are verified while the declaration is in progress")
    if verified and not (goal.evidence_text or goal.evidence_link or goal.evidence_file):
        raise GuardFailed(_("There is no evidence to verify for this goal."))
    goal.verified_at = timezone.now() if verified else None
    goal.verified_by = by if verified else None
    goal.save(update_fields=["verified_at", "verified_by"])
    activity_record(
        actor=by, verb="declaration.verify" if verified else "declaration.unverify",
        target=goal.declaration, scope=goal.declaration.campaign, changes={"goal": goal.number},
    )  # fmt: skip
    return goal


@transaction.atomic
def declaration_declare(*, declaration: Declaration, by) -> Declaration:
    """In progress → declared once all five goals are verified; the certificate PDF is
    produced by the reports worker; renewal falls due a year later."""
    if not declaration.can_move_to(Declaration.Status.DECLARED):
        raise TransitionNotAllowed(f"{declaration.status} → declared")
    if declaration.goals.filter(verified_at__isnull=False).count() < GOAL_COUNT:
        raise GuardFailed(_("All five goals must be verified first."))
    from advocacy import tasks

    today = timezone.localdate()
    _move(
        declaration,
        to=Declaration.Status.DECLARED,
        by=by,
        verb="declaration.declare",
        declared_on=today,
        renewal_due_on=today.replace(year=today.year + 1)
        if not (today.month == 2 and today.day == 29)
        else today + timedelta(days=365),
    )
    tasks.report_declaration_certificate.delay_on_commit(declaration.pk)
    return declaration


def declaration_certificate_render(*, declaration_id: int) -> bool:
    """Produce the declaration's PDF once per declaration date (idempotent)."""
    from network.pdf import render_pdf

    declaration = Declaration.objects.select_related("campaign").get(pk=declaration_id)
    if declaration.declared_on is None:
        return False
    if declaration.certificate and declaration.certificate_for == declaration.declared_on:
        return False
    pdf = render_pdf(
        template="advocacy/declaration_certificate.html",
        context={"declaration": declaration, "campaign": declaration.campaign},
        language=declaration.language,
    )
    with transaction.atomic():
        locked = Declaration.objects.select_for_update().get(pk=declaration_id)
        if locked.certificate and locked.certificate_for == locked.declared_on:
            return False
        locked.certificate.save("certificate.pdf", ContentFile(pdf), save=False)
        locked.certificate_for = locked.declared_on
        locked.save(update_fields=["certificate", "certificate_for"])
    return True


def declarations_renewal_sweep(*, today=None) -> int:
    """Declared → renewal due, a year after the declaration (one bulk, guarded UPDATE)."""
    today = today or timezone.localdate()
    return Declaration.objects.filter(
        status=Declaration.Status.DECLARED, renewal_due_on__lte=today
    ).update(status=Declaration.Status.RENEWAL_DUE)


# --- Updates to signers ------------------------------------------------------


@transaction.atomic
def update_create(*, campaign: Campaign, by, language: str, subject: str, body: str):
    update = CampaignUpdate.objects.create(
        campaign=campaign, language=language, subject=subject, body=body, created_by=by
    )
    activity_record(actor=by, verb="update.create", target=update, scope=campaign)
    return update


@transaction.atomic
def update_edit(*, update: CampaignUpdate, by, subject: str, body: str) -> CampaignUpdate:
    if update.status != CampaignUpdate.Status.DRAFT:
        raise TransitionNotAllowed("only a draft update can be edited")
    changes = changes_between(
        {"subject": update.subject, "body": update.body}, {"subject": subject, "body": body}
    )
    update.subject, update.body = subject, body
    update.save(update_fields=["subject", "body"])
    activity_record(actor=by, verb="update.edit", target=update, scope=update.campaign,
                    changes=changes)  # fmt: skip
    return update


def update_email(update: CampaignUpdate, signature: Signature) -> dict:
    """The arguments of email_send for one recipient: their unsubscribe link in the body
    and in the RFC 8058 one-click headers."""
    unsubscribe_url = _absolute(
        reverse("advocacy:unsubscribe", args=[tokens.unsubscribe_token(signature.pk)])
    )
    return {
        "to": signature.email,
        "template": "advocacy_update",
        "context": {
            "subject": update.subject,
            "body": update.body,
            "name": signature.first_name,
            "campaign_title": update.campaign.localized("title", update.language),
            "campaign_url": _absolute(
                reverse(
                    "advocacy:campaign_detail",
                    args=[update.campaign.localized("slug", update.language)],
                )
            ),  # fmt: skip
            "unsubscribe_url": unsubscribe_url,
        },
        "language": update.language,
        "headers": {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }


@transaction.atomic
def update_send(*, update: CampaignUpdate, by) -> CampaignUpdate:
    """Draft → sending; the batches go out from the `email` queue."""
    from advocacy import tasks

    _move(update, to=CampaignUpdate.Status.SENDING, by=by, verb="update.send",
          sending_started_at=timezone.now())  # fmt: skip
    tasks.email_update_batch.delay_on_commit(update.pk)
    return update


def update_send_batch(*, update_id: int, batch_size: int | None = None) -> bool:
    """Send the next batch of an update; True while recipients remain.

    The update row is locked for the batch (a second worker skips it), each recipient is
    claimed by a unique delivery row written in the same transaction as their outbox
    message: a crash rolls both back, a retry never sends twice."""
    batch_size = batch_size or settings.ADVOCACY_UPDATE_BATCH_SIZE
    with transaction.atomic():
        update = (
            CampaignUpdate.objects.select_for_update(skip_locked=True)
            .select_related("campaign")
            .filter(pk=update_id, status=CampaignUpdate.Status.SENDING)
            .first()
        )
        if update is None:
            return False
        already = UpdateDelivery.objects.filter(update=update, signature=OuterRef("pk"))
        recipients = list(
            selectors.update_recipients(update).filter(~Exists(already)).order_by("pk")[:batch_size]
        )
        deliveries = []
        for signature in recipients:
            message = email_send(**update_email(update, signature))
            deliveries.append(
                UpdateDelivery(update=update, signature=signature, outbox_message_id=message.pk)
            )
        UpdateDelivery.objects.bulk_create(deliveries)
        now = timezone.now()
        CampaignUpdate.objects.filter(pk=update.pk).update(
            sent_count=F("sent_count") + len(deliveries), last_batch_at=now
        )
        more = len(recipients) == batch_size
        if not more:
            update.refresh_from_db(fields=["sent_count", "last_batch_at"])
            _move(update, to=CampaignUpdate.Status.SENT, verb="update.sent", finished_at=now)
    return more


def updates_stalled(*, now=None) -> list[int]:
    """Updates still sending whose next batch was lost (worker crash): resume them."""
    now = now or timezone.now()
    quiet_since = now - timedelta(seconds=settings.ADVOCACY_UPDATE_BATCH_PAUSE + 90)
    return list(
        CampaignUpdate.objects.filter(status=CampaignUpdate.Status.SENDING)
        .filter(
            Q(last_batch_at__lt=quiet_since)
            | Q(last_batch_at=None, sending_started_at__lt=quiet_since)
        )
        .values_list("pk", flat=True)
    )


# --- Knowledge resources -----------------------------------------------------


@transaction.atomic
def resource_save(
    *, resource: Resource | None, by, fields: dict, campaigns, file=None, file_type=""
) -> Resource:
    creating = resource is None
    resource = resource or Resource(created_by=by)
    for name, value in fields.items():
        setattr(resource, name, value)
    if file is not None:
        resource.file.save("resource", file, save=False)
        resource.file_type = file_type
    resource.save()
    resource.campaigns.set(campaigns)
    activity_record(
        actor=by, verb="resource.create" if creating else "resource.edit", target=resource
    )
    return resource
