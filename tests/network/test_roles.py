"""The one role mechanism: each kind carries exactly the scope it needs."""

import pytest
from django.db import IntegrityError, transaction

from network.models import Role, RoleKind
from network.permissions import is_network_staff
from network.selectors import is_network_wide_staff, staff_country_network_ids
from tests.fixtures.personas import make_user
from tests.producers.factories import CertificationBodyFactory, CountryNetworkFactory


def test_a_role_must_carry_the_scope_of_its_kind(coop_a):
    user = make_user("x@example.org")
    body = CertificationBodyFactory()
    for kind, scope in [
        (RoleKind.ORG_ADMIN, {}),
        (RoleKind.EVALUATOR, {"organization": coop_a}),
        (RoleKind.NETWORK_STAFF, {"organization": coop_a}),
        (RoleKind.ORG_VIEWER, {"organization": coop_a, "certification_body": body}),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Role.objects.create(user=user, kind=kind, **scope)


def test_one_role_per_person_and_organization(coop_a):
    user = make_user("x@example.org")
    Role.objects.create(user=user, kind=RoleKind.ORG_VIEWER, organization=coop_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=user, kind=RoleKind.ORG_ADMIN, organization=coop_a)


def test_network_wide_staff_is_unique_per_person(db):
    user = make_user("x@example.org")
    Role.objects.create(user=user, kind=RoleKind.NETWORK_STAFF)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=user, kind=RoleKind.NETWORK_STAFF)


def test_staff_scope_is_network_wide_or_one_country(network_staff, country_staff):
    assert is_network_staff(network_staff) and is_network_wide_staff(network_staff)
    assert is_network_staff(country_staff) and not is_network_wide_staff(country_staff)
    assert staff_country_network_ids(country_staff) == {CountryNetworkFactory(country="PE").pk}


def test_superusers_stay_network_staff(db):
    assert is_network_staff(make_user("root@example.org", is_superuser=True))
