"""The certification body's side of an application: returning it with what to correct,
item by item, and quoting the evaluation (the quote's PDF is made by the reports worker).
Both are moves of the application, made through `application_move`."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models import Application, Quote, ReturnItem
from certification.services.applications import application_move
from network.files import store_generated
from network.workflow import GuardFailed


@transaction.atomic
def application_return(
    *, application: Application, by, items: list[dict], note: str = ""
) -> list[ReturnItem]:
    """Return the application for corrections. `items`: [{"section", "requirement"
    (optional), "reason"}]; at least one. The move's reason is the note, or the items."""
    items = [item for item in items if item.get("reason", "").strip()]
    if not items:
        raise GuardFailed(_("Say what to correct in at least one section or document."))
    last = application.return_items.aggregate(last=Max("round"))["last"] or 0
    created = ReturnItem.objects.bulk_create(
        ReturnItem(
            application=application,
            round=last + 1,
            section=item["section"],
            requirement=item.get("requirement", ""),
            reason=item["reason"].strip(),
            created_by=by,
        )
        for item in items
    )
    reason = note.strip() or "\n".join(f"{item.label}: {item.reason}" for item in created)
    application_move(
        application=application,
        transition="return",
        by=by,
        reason=reason,
        details={"returned_items": len(created)},
    )
    return created


@transaction.atomic
def quote_send(
    *,
    application: Application,
    by,
    amount: Decimal,
    currency: str,
    valid_until: datetime.date,
    notes: str = "",
) -> Quote:
    """Write the quote and send it (the "send_quote" move needs it); its PDF follows."""
    quote = Quote.objects.create(
        application=application,
        amount=amount,
        currency=currency,
        valid_until=valid_until,
        notes=notes,
        language=application.created_by.language,
        created_by=by,
    )
    application_move(
        application=application,
        transition="send_quote",
        by=by,
        details={"quote": f"{amount} {currency}"},
    )
    quote.refresh_from_db()
    return quote


def quote_pdf_render(*, quote_id: int) -> bool:
    """Make the quote's PDF once (a second run, or a redelivered task, finds it made)."""
    from network.pdf import render_pdf

    quote = Quote.objects.select_related(
        "application__organization", "application__certification_body", "created_by"
    ).get(pk=quote_id)
    if quote.pdf_file or quote.sent_at is None:
        return False
    pdf = render_pdf(
        template="certification/quotes/quote_pdf.html",
        context={"quote": quote, "application": quote.application},
        language=quote.language,
    )
    with transaction.atomic():
        locked = Quote.objects.select_for_update().get(pk=quote_id)
        if locked.pdf_file:
            return False
        locked.pdf_file = store_generated(
            pdf, folder=f"quotes/{quote.application.organization_id}", extension="pdf"
        )
        locked.pdf_made_at = timezone.now()
        locked.save(update_fields=["pdf_file", "pdf_made_at"])
    return True
