"""Reads of the advocacy app, scoped to what a user may see."""

from datetime import timedelta
from enum import StrEnum
from functools import cache

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone
from django_countries import countries

from advocacy.models import (
    TEXT_LANGUAGES,
    Campaign,
    CampaignUpdate,
    Declaration,
    DeclarationGoal,
    Resource,
    Signature,
    SignatureTally,
)
from network.models import ActivityLog
from network.permissions import is_network_member, is_network_staff

PUBLIC_STATUSES = (Campaign.Status.PUBLISHED, Campaign.Status.CLOSED)


class Capability(StrEnum):
    VIEW = "view"  # what is public: everyone
    MANAGE = "manage"  # compose, publish, verify, send: staff work


def can_manage_campaigns(user) -> bool:
    """The capability behind every staff page of this app."""
    return is_network_staff(user)


def advocacy_capabilities(user) -> frozenset:
    """What the user may do with the campaigns, updates, declarations and resources
    they see (the same for each: staff manage them all)."""
    if can_manage_campaigns(user):
        return frozenset(Capability)
    return frozenset({Capability.VIEW})


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """Staff see drafts too; everyone else sees published and closed campaigns."""
    campaigns = Campaign.objects.all()
    if not can_manage_campaigns(user):
        campaigns = campaigns.filter(status__in=PUBLIC_STATUSES)
    return campaigns


def campaigns_listed() -> QuerySet[Campaign]:
    """The public list: published and closed campaigns, open ones first (for staff too:
    drafts are on their own list)."""
    return Campaign.objects.filter(status__in=PUBLIC_STATUSES).order_by("status", "-published_at")


def campaigns_to_manage(user) -> QuerySet[Campaign]:
    """The staff list: every campaign the user sees, drafts first."""
    return campaigns_visible_to(user).order_by("status", "-created_at")


_CAMPAIGN_FIELDS = Campaign._meta.concrete_fields
_BY_SLUG_SQL = (
    f"SELECT {', '.join(f.column for f in _CAMPAIGN_FIELDS)} "  # noqa: S608
    f"FROM {Campaign._meta.db_table} WHERE status = ANY(%s) AND ("
    + " OR ".join(f"slug_{code} = %s" for code in TEXT_LANGUAGES)
    + ") ORDER BY (slug_es = %s) DESC LIMIT 1"
)


def campaign_by_slug(*, user, slug: str) -> Campaign:
    """A campaign by any of its addresses (the Spanish one wins a tie), or 404 outside
    the user's scope. Plain SQL and Model.from_db: every signature and page view starts
    here; the ORM's query compilation, then RawQuerySet's column matching, were each a
    tenth of the signing request's CPU (bench/sign.py)."""
    statuses = list(Campaign.Status.values if can_manage_campaigns(user) else PUBLIC_STATUSES)
    params = [statuses] + [slug] * len(TEXT_LANGUAGES) + [slug]
    with connection.cursor() as cursor:
        cursor.execute(_BY_SLUG_SQL, params)
        row = cursor.fetchone()
    if row is None:
        raise Http404
    values = list(row)
    for index, field, converters in _campaign_converters():
        for converter in converters:
            values[index] = converter(values[index], field, connection)
    return Campaign.from_db(connection.alias, [f.attname for f in _CAMPAIGN_FIELDS], values)


@cache
def _campaign_converters() -> list:
    """What the ORM would do to each column on the way out (no Campaign field needs
    anything today; a future JSON or custom field would)."""
    found = []
    for index, field in enumerate(_CAMPAIGN_FIELDS):
        if converters := field.get_db_converters(connection):
            found.append((index, field, converters))
    return found


def campaign_signature_total(campaign: Campaign) -> int:
    return SignatureTally.objects.filter(campaign=campaign).aggregate(n=Sum("confirmed"))["n"] or 0


def campaign_totals(campaign_ids) -> dict[int, int]:
    rows = (
        SignatureTally.objects.filter(campaign_id__in=campaign_ids)
        .values("campaign_id")
        .annotate(n=Sum("confirmed"))
    )
    return {row["campaign_id"]: row["n"] for row in rows}


def campaign_by_country(campaign: Campaign, *, limit: int = 10) -> dict:
    """Confirmed signatures per country, largest first, with bar widths for the SVG."""
    rows = list(
        SignatureTally.objects.filter(campaign=campaign, confirmed__gt=0)
        .order_by("-confirmed", "country")
        .values("country", "confirmed")[:limit]
    )
    return chart_bars(
        [(countries.name(row["country"]) or row["country"], row["confirmed"]) for row in rows]
    )


def chart_bars(pairs, *, width: int = 320, row_height: int = 38) -> dict:
    """Label/value pairs as horizontal bars sized in SVG user units: each row a label
    above its bar, the longest bar leaving room for its value (bar_chart.svg)."""
    top = max((value for _label, value in pairs), default=0) or 1
    longest = width - 8 * len(str(top)) - 8  # room for the figure after the bar
    bars = [
        {
            "label": label,
            "value": value,
            "width": max(1, round(longest * value / top)) if value else 0,
            "y": index * row_height,
        }
        for index, (label, value) in enumerate(pairs)
    ]
    return {"bars": bars, "width": width, "height": len(bars) * row_height + 4}


def recent_signers(campaign: Campaign, *, limit: int = 10) -> list[dict]:
    """First name and country of the latest confirmed signers who agreed to be shown."""
    rows = (
        Signature.objects.filter(
            campaign=campaign, confirmed_at__isnull=False, show_publicly=True, erased_at=None
        )
        .order_by("-confirmed_at")
        .values("name", "country")[:limit]
    )
    return [
        {"first_name": row["name"].split(" ")[0], "country": countries.name(row["country"])}
        for row in rows
    ]


def signatures_counted_live(campaign: Campaign) -> dict:
    """Staff figures straight from the table: confirmed, unconfirmed, unsubscribed."""
    return Signature.objects.filter(campaign=campaign).aggregate(
        total=Count("id"),
        confirmed=Count("id", filter=Q(confirmed_at__isnull=False)),
        unconfirmed=Count("id", filter=Q(confirmed_at__isnull=True)),
        subscribed=Count(
            "id",
            filter=Q(
                confirmed_at__isnull=False,
                consent_updates=True,
                unsubscribed_at=None,
                erased_at=None,
            ),
        ),
    )


def signatures_by_country_live(campaign: Campaign) -> list[dict]:
    rows = (
        Signature.objects.filter(campaign=campaign)
        .values("country")
        .annotate(
            confirmed=Count("id", filter=Q(confirmed_at__isnull=False)),
            unconfirmed=Count("id", filter=Q(confirmed_at__isnull=True)),
        )
        .order_by("-confirmed", "country")
    )
    return [{**row, "name": countries.name(row["country"]) or row["country"]} for row in rows]


def signatures_over_time(campaign: Campaign, *, days: int = 30) -> dict:
    """Signatures per day over the last `days`, as SVG columns (height in user units)."""
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    counts = dict(
        Signature.objects.filter(
            campaign=campaign, created_at__date__gte=start, created_at__date__lte=today
        )
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    top = max(counts.values(), default=0) or 1
    height, column = 120, 10
    bars = []
    for index in range(days):
        day = start + timedelta(days=index)
        value = counts.get(day, 0)
        bar_height = round(height * value / top)
        bars.append(
            {
                "day": day,
                "value": value,
                "x": index * column,
                "y": height - bar_height,
                "height": bar_height,
            }
        )
    return {"bars": bars, "height": height, "width": days * column, "top": top}


def signers_matching(campaign: Campaign, *, query: str) -> QuerySet[Signature]:
    signatures = Signature.objects.filter(campaign=campaign, erased_at=None)
    if query:
        signatures = signatures.filter(Q(email__iexact=query.strip()) | Q(name__icontains=query))
    return signatures.order_by("-created_at")


def update_recipients(update: CampaignUpdate) -> QuerySet[Signature]:
    """Confirmed signers of the campaign, in the update's language, who agreed and did
    not unsubscribe; the caller excludes those already claimed."""
    return Signature.objects.filter(
        campaign_id=update.campaign_id,
        language=update.language,
        confirmed_at__isnull=False,
        consent_updates=True,
        unsubscribed_at=None,
        erased_at=None,
    )


def updates_of(campaign: Campaign) -> QuerySet[CampaignUpdate]:
    return campaign.updates.all()


def updates_visible_to(user) -> QuerySet[CampaignUpdate]:
    """Updates to signers are staff work until sent, and then they are emails: only
    staff see them on the portal."""
    if not can_manage_campaigns(user):
        return CampaignUpdate.objects.none()
    return CampaignUpdate.objects.select_related("campaign")


def signature_by_token(signature_id: int | None, *, erased: bool = True) -> Signature | None:
    """The signature an emailed link names (the signed token is the permission), or None
    for a bad link; with `erased=False`, None for an erased one too."""
    if not signature_id:
        return None
    signatures = Signature.objects.select_related("campaign").filter(pk=signature_id)
    if not erased:
        signatures = signatures.filter(erased_at=None)
    return signatures.first()


def declarations_visible_to(user) -> QuerySet[Declaration]:
    declarations = Declaration.objects.select_related("campaign")
    if can_manage_campaigns(user):
        return declarations
    return declarations.filter(
        status__in=(Declaration.Status.DECLARED, Declaration.Status.RENEWAL_DUE),
        campaign__status__in=PUBLIC_STATUSES,
    )


def goals_of(declaration: Declaration) -> QuerySet[DeclarationGoal]:
    return DeclarationGoal.objects.filter(declaration=declaration)


def declared_by_country(*, kind: str | None = None) -> list[dict]:
    """The public list: declared towns and universities grouped by country."""
    declarations = declarations_visible_to(AnonymousUser()).order_by("country", "name")
    if kind:
        declarations = declarations.filter(campaign__kind=kind)
    groups: dict[str, dict] = {}
    for declaration in declarations:
        code = declaration.country.code
        group = groups.setdefault(
            code, {"country": declaration.country.name, "code": code, "declarations": []}
        )
        group["declarations"].append(declaration)
    return sorted(groups.values(), key=lambda group: str(group["country"]))


def resources_visible_to(user) -> QuerySet[Resource]:
    resources = Resource.objects.all()
    if not is_network_member(user):
        resources = resources.filter(visibility=Resource.Visibility.PUBLIC)
    return resources


def resources_search(user, *, query: str = "", tag: str = "", kind: str = "") -> QuerySet:
    resources = resources_visible_to(user)
    if query:
        resources = resources.filter(
            Q(title__icontains=query) | Q(summary__icontains=query) | Q(tags__contains=[query])
        )
    if tag:
        resources = resources.filter(tags__contains=[tag])
    if kind:
        resources = resources.filter(kind=kind)
    return resources.prefetch_related("campaigns")


def campaign_activity(campaign: Campaign):
    """Everything recorded about a campaign and what hangs from it (updates,
    declarations, signatures), newest first."""
    return ActivityLog.objects.filter(
        scope_type=Campaign._meta.label_lower, scope_id=str(campaign.pk)
    ).select_related("actor")
