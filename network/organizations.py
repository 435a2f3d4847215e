"""The member organizations as the network's own pages show them (how many each country
network has, which ones a product network holds). They belong to the producers app,
which network cannot import: producers registers a provider in its AppConfig.ready()
(`register_provider`), as it registers navigation entries and permission rules."""

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet


class OrganizationsProvider(Protocol):
    def with_membership_counts(self, country_networks: QuerySet) -> QuerySet:
        """The country networks, each annotated with `member_count` and
        `applicant_count` (one query, whatever their number)."""

    def status_counts(self, country_network) -> list[dict]:
        """One row per membership status, every status: `status`, `label`, `count` of
        the country network's organizations, and `url`, the directory showing them."""

    def with_visible_counts(self, user, product_networks: QuerySet) -> QuerySet:
        """The product networks, each annotated with `organization_count`: the
        organizations in it that the user may see."""

    def in_product_network(self, user, product_network) -> QuerySet:
        """The organizations of a product network that the user may see, by name."""

    def directory_url(self, **filters) -> str:
        """The staff directory of organizations, filtered (country=, product=, status=)."""


_provider: OrganizationsProvider | None = None


def register_provider(provider: OrganizationsProvider) -> None:
    global _provider  # noqa: PLW0603 - the registry: set once, in AppConfig.ready()
    _provider = provider


def organizations() -> OrganizationsProvider:
    if _provider is None:
        raise ImproperlyConfigured("no app registered the organizations of the network")
    return _provider
