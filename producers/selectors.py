"""Reads of the producers app, always scoped to what the user may see.

Outside their scope an organization does not exist for a user (views answer 404);
inside it, `organization_capabilities` says what they may do (else 403).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.db.models import (
    Avg,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode
from django_countries import countries as world_countries

from network.models import ActivityLog, CountryNetwork, Invitation, ProductNetwork, Role, RoleKind
from network.selectors import (
    country_networks_visible_to,
    is_network_wide_staff,
    organization_roles,
    staff_country_network_ids,
)
from producers.directory import directory_filters
from producers.models import (
    Document,
    DocumentVersion,
    Member,
    MemberImport,
    MembershipStatus,
    Organization,
    Product,
)


class Capability(StrEnum):
    VIEW = "view"
    EDIT = "edit"  # profile, products, members, documents
    MANAGE_PEOPLE = "manage_people"
    DECIDE_MEMBERSHIP = "decide_membership"


_ROLE_CAPABILITIES = {
    RoleKind.ORG_VIEWER: frozenset({Capability.VIEW}),
    RoleKind.ORG_EDITOR: frozenset({Capability.VIEW, Capability.EDIT}),
    RoleKind.ORG_ADMIN: frozenset({Capability.VIEW, Capability.EDIT, Capability.MANAGE_PEOPLE}),
}
_STAFF_CAPABILITIES = frozenset(Capability)


def organizations_visible_to(user) -> QuerySet[Organization]:
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    if is_network_wide_staff(user):
        return Organization.objects.all()
    scope = Q(pk__in=list(organization_roles(user)))
    countries = staff_country_network_ids(user)
    if countries:
        scope |= Q(country_network_id__in=countries)
    return Organization.objects.filter(scope)


def organization_capabilities(user, organization: Organization) -> frozenset:
    """What the user may do with an organization they can see."""
    if is_network_wide_staff(user) or (
        organization.country_network_id is not None
        and organization.country_network_id in staff_country_network_ids(user)
    ):
        return _STAFF_CAPABILITIES
    kind = organization_roles(user).get(organization.pk)
    return _ROLE_CAPABILITIES.get(kind, frozenset())


def members_visible_to(user) -> QuerySet[Member]:
    return Member.objects.filter(organization__in=organizations_visible_to(user))


def documents_visible_to(user) -> QuerySet[Document]:
    return Document.objects.filter(organization__in=organizations_visible_to(user))


def member_imports_visible_to(user) -> QuerySet[MemberImport]:
    return MemberImport.objects.filter(organization__in=organizations_visible_to(user))


def products_visible_to(user) -> QuerySet[Product]:
    return Product.objects.filter(organization__in=organizations_visible_to(user))


def document_versions_visible_to(user) -> QuerySet[DocumentVersion]:
    return DocumentVersion.objects.filter(document__in=documents_visible_to(user))


def organization_roles_visible_to(user) -> QuerySet[Role]:
    """The roles in the organizations the user may see (who works for each)."""
    return Role.objects.filter(organization__in=organizations_visible_to(user)).select_related(
        "user"
    )


def organization_invitations_visible_to(user) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organization__in=organizations_visible_to(user))


def organization_people(organization: Organization) -> QuerySet[Role]:
    return (
        Role.objects.filter(organization=organization)
        .select_related("user")
        .order_by("kind", "user__full_name")
    )


def organization_open_invitations(organization: Organization) -> list[Invitation]:
    invitations = Invitation.objects.filter(
        organization=organization, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by")
    return [invitation for invitation in invitations if invitation.is_open]


def organization_activity(organization: Organization) -> QuerySet[ActivityLog]:
    return ActivityLog.objects.filter(
        scope_type=Organization._meta.label_lower, scope_id=str(organization.pk)
    ).select_related("actor")


# --- The member register: aggregates and the small-producer test ---------------------

YOUTH_AGE = 30  # a member is young when under 30, counted by year of birth


def register_aggregates(organization: Organization, *, today: date | None = None) -> dict:
    """Members, women and youth shares, and area statistics of the active members."""
    year = (today or date.today()).year
    active = Q(is_active=True)
    totals = Member.objects.filter(organization=organization).aggregate(
        members=Count("pk", filter=active),
        inactive=Count("pk", filter=~active),
        women=Count("pk", filter=active & Q(gender="f")),
        youth=Count("pk", filter=active & Q(birth_year__gt=year - YOUTH_AGE)),
        with_birth_year=Count("pk", filter=active & Q(birth_year__isnull=False)),
        total_area=Sum("total_area_ha", filter=active),
        production_area=Sum("production_area_ha", filter=active),
        average_production_area=Avg("production_area_ha", filter=active),
        largest_production_area=Max("production_area_ha", filter=active),
        covered_area=Sum("covered_area_ha", filter=active),
        beehives=Sum("beehives", filter=active),
    )
    members = totals["members"]
    totals["women_percent"] = _percent(totals["women"], members)
    totals["youth_percent"] = _percent(totals["youth"], members)
    totals["youth_born_after"] = year - YOUTH_AGE
    return totals


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


PRODUCTION_AREA_LIMIT = Decimal("15")  # ha in production
COVERED_AREA_LIMIT = Decimal("1")  # ha under cover
BEEHIVE_LIMIT = 500
SMALL_SHARE_MIN = 85  # per cent of members within the limits


class Size(StrEnum):
    SMALL = "small"  # within the limits
    UP_TO_TWICE = "up_to_twice"  # over the limits but at most twice
    OVER_TWICE = "over_twice"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class MemberSize:
    code: str
    name: str
    production_area_ha: Decimal | None = None
    covered_area_ha: Decimal | None = None
    beehives: int | None = None


@dataclass
class SmallProducerTest:
    total: int = 0
    counts: dict = field(default_factory=lambda: dict.fromkeys(Size, 0))
    over_limits: list = field(default_factory=list)  # (MemberSize, Size), worst first
    no_data: list = field(default_factory=list)

    @property
    def small_percent(self) -> Decimal | None:
        return _percent(self.counts[Size.SMALL], self.total)

    @property
    def up_to_twice_percent(self) -> Decimal | None:
        return _percent(self.counts[Size.UP_TO_TWICE], self.total)

    @property
    def passed(self) -> bool:
        """At least 85% small, at most 15% up to twice the limits, none beyond twice,
        and every member measured (a member without data cannot be shown small)."""
        small = self.counts[Size.SMALL]
        return (
            self.total > 0
            and small * 100 >= SMALL_SHARE_MIN * self.total
            and self.counts[Size.UP_TO_TWICE] * 100 <= (100 - SMALL_SHARE_MIN) * self.total
            and self.counts[Size.OVER_TWICE] == 0
            and self.counts[Size.NO_DATA] == 0
        )


def member_size(member: MemberSize) -> Size:
    """Measure a member against each limit that applies to what they record (area in
    production, area under cover, beehives); the largest share of a limit decides."""
    measures = []
    if member.production_area_ha is not None:
        measures.append((Decimal(member.production_area_ha), PRODUCTION_AREA_LIMIT))
    if member.covered_area_ha:
        measures.append((Decimal(member.covered_area_ha), COVERED_AREA_LIMIT))
    if member.beehives:
        measures.append((Decimal(member.beehives), Decimal(BEEHIVE_LIMIT)))
    if not measures:
        return Size.NO_DATA
    if all(value <= limit for value, limit in measures):
        return Size.SMALL
    if all(value <= 2 * limit for value, limit in measures):
        return Size.UP_TO_TWICE
    return Size.OVER_TWICE


def small_producer_test(members) -> SmallProducerTest:
    """The standard's small-producer definition applied to a register (pure)."""
    result = SmallProducerTest()
    for member in members:
        size = member_size(member)
        result.total += 1
        result.counts[size] += 1
        if size in (Size.UP_TO_TWICE, Size.OVER_TWICE):
            result.over_limits.append((member, size))
        elif size == Size.NO_DATA:
            result.no_data.append(member)
    result.over_limits.sort(key=lambda pair: (pair[1] != Size.OVER_TWICE, pair[0].code))
    return result


def organization_small_producer_test(organization: Organization) -> SmallProducerTest:
    rows = Member.objects.filter(organization=organization, is_active=True).values_list(
        "code", "name", "production_area_ha", "covered_area_ha", "beehives"
    )
    return small_producer_test(MemberSize(*row) for row in rows)


# --- The staff directory ---------------------------------------------------------------

DIRECTORY_SORTS = {
    "name": ("legal_name",),
    "-name": ("-legal_name",),
    "country": ("country", "legal_name"),
    "-country": ("-country", "legal_name"),
    "members": ("member_count", "legal_name"),
    "-members": ("-member_count", "legal_name"),
    "status": ("membership_status", "legal_name"),
    "-status": ("-membership_status", "legal_name"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}


def directory_organizations(
    user,
    *,
    query: str = "",
    country: str = "",
    product=None,
    status: str = "",
    sort: str = "",
    extra: dict | None = None,
) -> QuerySet[Organization]:
    """Organizations a staff member may see, filtered and sorted, with their active
    member count and product networks loaded in a constant number of queries. `extra`:
    values of the filters other apps registered (producers.directory)."""
    active_members = (
        Member.objects.filter(organization=OuterRef("pk"), is_active=True)
        .order_by()
        .values("organization")
        .annotate(n=Count("pk"))
        .values("n")
    )
    organizations = organizations_visible_to(user).annotate(
        member_count=Coalesce(Subquery(active_members, output_field=IntegerField()), Value(0))
    )
    if query:
        organizations = organizations.filter(
            Q(legal_name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(tax_id__iexact=query)
        )
    if country:
        organizations = organizations.filter(country=country)
    if product is not None:
        organizations = organizations.filter(
            pk__in=Organization.product_networks.through.objects.filter(
                productnetwork=product
            ).values("organization")
        )
    if status:
        organizations = organizations.filter(membership_status=status)
    for directory_filter in directory_filters():
        value = (extra or {}).get(directory_filter.name)
        if value:
            organizations = directory_filter.apply(organizations, value)
    return (
        organizations.select_related("country_network")
        .prefetch_related("product_networks")
        .order_by(*DIRECTORY_SORTS.get(sort, DIRECTORY_SORTS["name"]))
    )


def directory_countries(user) -> list[tuple[str, str]]:
    """The countries the directory filters by: those of the country networks and
    organizations the user may see (not the world's 250), named in the reader's language."""
    codes = set(
        organizations_visible_to(user)
        .order_by()
        .values_list("country", flat=True)
        .union(country_networks_visible_to(user).order_by().values_list("country", flat=True))
    )
    return [(code, name) for code, name in world_countries if code in codes]


# --- The organizations as the network's own pages show them --------------------------


class NetworkOrganizations:
    """The provider of network.organizations (registered in ProducersConfig.ready)."""

    def with_membership_counts(self, country_networks: QuerySet) -> QuerySet:
        return country_networks.annotate(
            member_count=Count(
                "organizations",
                filter=Q(organizations__membership_status=MembershipStatus.MEMBER),
            ),
            applicant_count=Count(
                "organizations",
                filter=Q(organizations__membership_status=MembershipStatus.APPLICANT),
            ),
        )

    def status_counts(self, country_network: CountryNetwork) -> list[dict]:
        counts = dict(
            Organization.objects.filter(country_network=country_network)
            .order_by()
            .values_list("membership_status")
            .annotate(n=Count("pk"))
        )
        country = country_network.country.code
        return [
            {
                "status": status,
                "label": label,
                "count": counts.get(status, 0),
                "url": self.directory_url(country=country, status=status),
            }
            for status, label in MembershipStatus.choices
        ]

    def with_visible_counts(self, user, product_networks: QuerySet) -> QuerySet:
        in_network = (
            Organization.product_networks.through.objects.filter(
                productnetwork=OuterRef("pk"), organization__in=organizations_visible_to(user)
            )
            .order_by()
            .values("productnetwork")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return product_networks.annotate(
            organization_count=Coalesce(Subquery(in_network, output_field=IntegerField()), Value(0))
        )

    def in_product_network(self, user, product_network: ProductNetwork) -> QuerySet:
        return (
            organizations_visible_to(user)
            .filter(
                pk__in=Organization.product_networks.through.objects.filter(
                    productnetwork=product_network
                ).values("organization")
            )
            .select_related("country_network")
            .order_by("legal_name")
        )

    def directory_url(self, **filters) -> str:
        return f"{reverse('producers:directory')}?{urlencode(filters)}"


# The language an organization's documents (reports, certificates) are written in: the
# country's, among the portal's languages; Spanish, the network's language, elsewhere.
_COUNTRY_LANGUAGES = {
    "BR": "pt",
    "HT": "fr", "GF": "fr", "GP": "fr", "MQ": "fr", "BL": "fr", "MF": "fr", "FR": "fr",
    "BZ": "en", "JM": "en", "GY": "en", "TT": "en", "BB": "en", "BS": "en", "AG": "en",
    "DM": "en", "GD": "en", "KN": "en", "LC": "en", "VC": "en", "US": "en", "GB": "en",
}  # fmt: skip


def organization_language(organization: Organization) -> str:
    """The language of the documents made for an organization (evaluation reports,
    certificates): its country's, or Spanish."""
    return _COUNTRY_LANGUAGES.get(str(organization.country), "es")
