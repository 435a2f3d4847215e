"""Every write to an application: creation (a renewal copies the previous application),
saving a section of the form, and each move of the APPLICATION machine.

Views call `application_move`; it sets the dates the procedure tracks (eligibility
review due, objection period) in the same statement as the move, and the workflow
writes the history. Its side effects happen in the same transaction: submitting pins
the documents' versions and closes the returned items; sending a quote marks it sent
and queues its PDF; answering a quote records the answer; every move emails the people
who act next (certification.services.notices), after commit."""

import datetime
from decimal import Decimal

from django.db import models, transaction
from django.db.models import F, OuterRef, Subquery
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models import (
    APPLICATION,
    SECTION_FIELDS,
    SECTION_ROWS,
    Application,
    ApplicationDocument,
    ApplicationKind,
    ApplicationProduct,
    ApplicationSection,
    Quote,
    current_quote,
)
from certification.selectors import standard_in_force
from certification.selectors.evaluations import evaluation_people
from certification.selectors.involvement import REVIEW_VERBS
from network.activity import activity_record, changes_between
from network.concurrency import lock_at_version
from network.files import store_private
from network.workflow import GuardFailed, TransitionError
from producers.models import DocumentVersion, Member

Section = ApplicationSection


class NoStandardInForce(Exception):
    """No published version of the standard is in force: nothing can be filed."""


class ApplicationLocked(TransitionError):
    """The application is with the certification body: the cooperative cannot change it."""


# --- Creating ---------------------------------------------------------------------------


@transaction.atomic
def application_create(
    *,
    by,
    organization,
    certification_body,
    kind: str = ApplicationKind.INITIAL,
    previous: Application | None = None,
    planned_evaluation_on: datetime.date | None = None,
) -> Application:
    """A draft, pinned to the version of the standard in force today. A renewal or a
    scope extension starts from its previous application (everything but the
    vouching); any application starts from what the organization's profile knows."""
    version = standard_in_force()
    if version is None:
        raise NoStandardInForce
    copied = _copied_fields(previous) if previous else _profile_fields(organization)
    application = APPLICATION.create(
        organization=organization,
        certification_body=certification_body,
        kind=kind,
        previous=previous,
        planned_evaluation_on=planned_evaluation_on,
        standard_version=version,
        created_by=by,
        **copied,
    )
    if previous:
        _copy_rows(previous, application)
    else:
        ApplicationProduct.objects.bulk_create(
            ApplicationProduct(
                application=application,
                position=position,
                product_network_id=product.product_network_id,
                description=product.description,
                volume=product.annual_volume,
                unit=product.unit,
                form=product.form,
                destination=product.destination_markets,
            )
            for position, product in enumerate(organization.products.all())
        )
    activity_record(
        actor=by,
        verb="application.created",
        target=application,
        scope=organization,
        changes={"kind": [None, kind], "certification_body": [None, str(certification_body)]},
    )
    return application


def _profile_fields(organization) -> dict:
    return {
        "invoicing_name": organization.legal_name,
        "invoicing_tax_id": organization.tax_id,
        "invoicing_email": organization.email,
        "contact_name": organization.contact_name,
        "contact_email": organization.email,
        "contact_phone": organization.phone,
        "members_total": Member.objects.filter(organization=organization, is_active=True).count()
        or None,
    }


# What a renewal does not inherit: its own choices, and the vouching (given again).
_NOT_COPIED = {"certification_body", "planned_evaluation_on", "vouched_by_name",
               "vouched_by_position"}  # fmt: skip


def _copied_fields(previous: Application) -> dict:
    names = [
        name for fields in SECTION_FIELDS.values() for name in fields if name not in _NOT_COPIED
    ]
    copied = {name: getattr(previous, name) for name in names}
    copied["sections_saved"] = [s for s in previous.sections_saved if s != Section.DECLARATION]
    for name in ("area_map_file", "area_map_name", "area_map_type", "area_map_size"):
        copied[name] = getattr(previous, name)
    return copied


def _copy_rows(previous: Application, application: Application) -> None:
    for model in SECTION_ROWS.values():
        model.objects.bulk_create(
            model(**{**row, "application_id": application.pk})
            for row in model.objects.filter(application=previous).values(*_row_fields(model))
        )
    ApplicationDocument.objects.bulk_create(
        ApplicationDocument(application=application, requirement=link.requirement,
                            document_id=link.document_id)
        for link in previous.document_links.all()
    )  # fmt: skip


def _row_fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name not in ("id", "application")]


# --- Saving a section -------------------------------------------------------------------


@transaction.atomic
def application_section_save(
    *,
    application: Application,
    by,
    section: str,
    version: int | None,
    fields: dict | None = None,
    rows: list[dict] | None = None,
    documents: dict | None = None,
    area_map=None,
    vouch: bool = False,
) -> Application:
    """Save one section as it stands (a draft may be incomplete: the readiness checks say
    what is missing). Nothing is saved if the application changed since the form was
    opened (network.concurrency.StaleEdit) or is no longer the cooperative's to change.

    `fields`: the section's own fields; `rows`: its list, replacing the stored one;
    `documents`: {required type: library Document or None}; `area_map`: (uploaded file,
    network.files.CheckedFile); `vouch`: the person vouching confirms the data."""
    section = Section(section)
    current = lock_at_version(Application.objects.all(), pk=application.pk, version=version)
    if not current.is_editable:
        raise ApplicationLocked(
            _("The application is with the certification body: it cannot be changed now.")
        )
    names = [name for name in SECTION_FIELDS[section] if name in (fields or {})]
    before = model_to_dict(current, fields=names)
    for name in names:
        setattr(current, name, fields[name])
    changes = changes_between(before, model_to_dict(current, fields=names))
    if rows is not None:
        changes |= _rows_replace(current, section, rows)
    if documents is not None:
        changes |= _documents_link(current, documents)
    if area_map is not None:
        changes |= _area_map_store(current, *area_map)
    if section == Section.DECLARATION:
        changes |= _vouch(current, by=by, vouch=vouch)
    elif changes and current.vouched_at:
        # The vouching covered the data as it was: it is given again after a change.
        current.vouched_at, current.vouched_by = None, None
        changes["vouched"] = [True, False]
    if section not in current.sections_saved:
        current.sections_saved = [*current.sections_saved, section.value]
    # Never the status: only the machine moves it.
    current.save(update_fields=[*names, *_ALWAYS_SAVED])
    activity_record(
        actor=by,
        verb="application.section_saved",
        target=current,
        scope=current.organization,
        changes={"section": str(section.label), **changes},
    )
    return current


_ALWAYS_SAVED = ("version", "sections_saved", "vouched_at", "vouched_by", "area_map_file",
                 "area_map_name", "area_map_type", "area_map_size", "updated_at")  # fmt: skip


def _rows_replace(application, section, rows: list[dict]) -> dict:
    model = SECTION_ROWS[section]
    names = [name for name in _row_fields(model) if name != "position"]
    stored = model.objects.filter(application=application)
    before = [_comparable(model, row, names) for row in stored.values(*names)]
    after = [_comparable(model, _by_attname(model, row), names) for row in rows]
    if before == after:
        return {}
    stored.delete()
    model.objects.bulk_create(
        model(application=application, position=position, **row)
        for position, row in enumerate(rows)
    )
    return {f"{model._meta.model_name}_rows": [len(before), len(after)]}


def _by_attname(model, row: dict) -> dict:
    """A form row ({"product_network": <ProductNetwork>}) as stored values."""
    values = {}
    for name, value in row.items():
        field = model._meta.get_field(name)
        values[field.attname] = value.pk if field.is_relation and value is not None else value
    return values


def _comparable(model, row: dict, names) -> tuple:
    """A row's values as the database would store them (1200 and 1200.00 are equal)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return tuple(
        None
        if row.get(name) in (None, "")
        else str(fields[name].to_python(row[name]))
        if not isinstance(fields[name], models.DecimalField)
        else str(Decimal(row[name]).quantize(Decimal(1).scaleb(-fields[name].decimal_places)))
        for name in names
    )


def _documents_link(application, documents: dict) -> dict:
    links = {link.requirement: link for link in application.document_links.all()}
    changed = []
    for requirement, document in documents.items():
        link = links.get(requirement)
        if document is None:
            if link is not None:
                link.delete()
                changed.append(f"{requirement}: —")
        elif link is None or link.document_id != document.pk:
            ApplicationDocument.objects.update_or_create(
                application=application,
                requirement=requirement,
                defaults={"document": document, "version": None},
            )
            changed.append(f"{requirement}: {document.title}")
    return {"documents": "; ".join(changed)} if changed else {}


def _area_map_store(application, uploaded, checked) -> dict:
    before = application.area_map_name
    application.area_map_file = store_private(
        uploaded, folder=f"applications/{application.organization_id}", checked=checked
    )
    application.area_map_name = checked.original_name[:255]
    application.area_map_type = checked.kind.content_type
    application.area_map_size = checked.size
    return {"area_map": [before or None, application.area_map_name]}


def _vouch(application, *, by, vouch: bool) -> dict:
    was = application.vouched_at is not None
    if vouch and not was:
        application.vouched_at, application.vouched_by = timezone.now(), by
    elif not vouch and was:
        application.vouched_at, application.vouched_by = None, None
    return {"vouched": [was, vouch]} if was != vouch else {}


# --- Moving -----------------------------------------------------------------------------


def _dates_for(application: Application, transition: str) -> dict:
    """The procedure's dates a move sets, from the application's own standard version."""
    today = timezone.localdate()
    rules = application.standard_version
    if transition in ("submit", "resubmit"):
        return {
            "submitted_at": timezone.now(),
            "eligibility_due_on": today + datetime.timedelta(days=rules.eligibility_review_days),
        }
    if transition == "open_objections":
        return {
            "objection_starts_on": today,
            "objection_ends_on": today + datetime.timedelta(days=rules.objection_period_days),
        }
    return {}


def application_move(
    *, application: Application, transition: str, by, reason: str = "", details=None
) -> Application:
    """Make one move of the application's procedure (TransitionError says why not), with
    its side effects, in one transaction."""
    from certification.services.notices import move_notify

    _reviewer_not_evaluator(application, transition, by)
    with transaction.atomic():
        before = application.status
        APPLICATION.move(
            application,
            transition,
            by=by,
            reason=reason,
            details=details,
            version=F("version") + 1,
            **_dates_for(application, transition),
        )
        application.refresh_from_db(fields=["version"])
        _side_effects(application, transition)
        move_notify(application=application, transition=transition, before=before, reason=reason)
    return application


def _reviewer_not_evaluator(application: Application, transition: str, by) -> None:
    """Whoever is on an evaluation team of the file does not make its review moves
    (certification.selectors.involvement.REVIEW_VERBS), as whoever reviewed it is not put
    on the team (certification.services.evaluations): impartiality."""
    verb = APPLICATION.verb(APPLICATION.by_name[transition])
    if by is None or verb not in REVIEW_VERBS:
        return
    if by.pk in evaluation_people(application):
        raise GuardFailed(
            _("You are on the evaluation team of this application: someone else at "
              "%(body)s reviews it.") % {"body": application.certification_body}
        )  # fmt: skip


def _side_effects(application: Application, transition: str) -> None:
    now = timezone.now()
    if transition in ("submit", "resubmit"):
        _pin_document_versions(application)
        application.return_items.filter(addressed_at__isnull=True).update(addressed_at=now)
    elif transition == "send_quote":
        from certification import tasks

        quote = current_quote(application)
        Quote.objects.filter(pk=quote.pk).update(sent_at=now)
        tasks.report_quote_pdf.delay_on_commit(quote.pk)
    elif transition in ("accept_quote", "reject_quote"):
        answer = Quote.Answer.ACCEPTED if transition == "accept_quote" else Quote.Answer.REJECTED
        application.quotes.filter(sent_at__isnull=False, answer="").update(
            answer=answer, answered_at=now
        )


def _pin_document_versions(application: Application) -> None:
    """The body reviews the documents as they were when the application was sent."""
    latest = DocumentVersion.objects.filter(document=OuterRef("document")).order_by("-number")
    application.document_links.update(version=Subquery(latest.values("pk")[:1]))
