"""The organization profile and its activity log."""

from network.models import ActivityLog
from tests.producers.factories import ProductNetworkFactory


def profile(organization, **changes):
    data = {
        "legal_name": organization.legal_name,
        "short_name": organization.short_name,
        "actor_type": "spo",
        "level": "1",
        "country": "PE",
        "region": organization.region,
        "municipality": organization.municipality,
        "email": organization.email,
        "version": organization.version,
        **changes,
    }
    return data


def test_an_editor_changes_the_profile_and_the_change_is_logged_and_shown(
    client, coop_a, coop_a_editor
):
    cacao = ProductNetworkFactory(slug="cacao", name="Cacao")
    client.force_login(coop_a_editor)
    response = client.post(
        f"/organizations/{coop_a.pk}/edit/",
        profile(coop_a, region="Junín", country="MX", product_networks=[cacao.pk]),
    )
    assert response.status_code == 302
    coop_a.refresh_from_db()
    assert coop_a.region == "Junín"
    assert coop_a.country.code == "PE"  # only staff may move it to another country network
    entry = ActivityLog.objects.get(verb="organization.updated")
    assert entry.actor == coop_a_editor
    assert entry.changes["region"] == ["Cusco", "Junín"]
    assert entry.changes["product_networks"] == ["Café", "Cacao"]
    page = client.get(f"/organizations/{coop_a.pk}/").content.decode()
    assert "Actualizó el perfil" in page and "Junín" in page


def test_a_viewer_cannot_edit(client, coop_a, coop_a_viewer):
    client.force_login(coop_a_viewer)
    response = client.post(f"/organizations/{coop_a.pk}/edit/", profile(coop_a, region="X"))
    assert response.status_code == 403
    coop_a.refresh_from_db()
    assert coop_a.region == "Cusco"


def test_member_edits_are_logged_with_what_changed(client, coop_a, coop_a_admin):
    client.force_login(coop_a_admin)
    client.post(
        f"/organizations/{coop_a.pk}/members/add/",
        {
            "code": "N-1",
            "name": "Nilda",
            "gender": "f",
            "production_area_ha": "2",
            "is_active": "on",
        },
    )
    from producers.models import Member

    member = Member.objects.get(code="N-1")
    client.post(
        f"/organizations/{coop_a.pk}/members/{member.pk}/",
        {
            "code": "N-1",
            "name": "Nilda Poma",
            "gender": "f",
            "production_area_ha": "2",
            "is_active": "on",
            "version": member.version,
        },  # fmt: skip
    )
    updated = ActivityLog.objects.get(verb="member.updated")
    assert updated.changes == {"name": ["Nilda", "Nilda Poma"]}
    assert updated.scope_id == str(coop_a.pk)


def test_my_organizations_lists_only_mine(client, coop_a, coop_b, coop_a_admin):
    client.force_login(coop_a_admin)
    page = client.get("/organizations/").content.decode()
    assert coop_a.legal_name in page and coop_b.legal_name not in page


def test_aggregates_count_women_and_youth_by_year_of_birth(client, coop_a, coop_a_viewer):
    from datetime import date

    from tests.producers.factories import MemberFactory

    year = date.today().year
    MemberFactory(organization=coop_a, gender="f", birth_year=year - 29)  # young
    MemberFactory(organization=coop_a, gender="m", birth_year=year - 30)  # not young
    MemberFactory(organization=coop_a, gender="m", birth_year=None)
    MemberFactory(organization=coop_a, gender="f", birth_year=year - 20, is_active=False)
    from producers.selectors import register_aggregates

    totals = register_aggregates(coop_a)
    assert totals["members"] == 3
    assert str(totals["women_percent"]) == "33.3"
    assert str(totals["youth_percent"]) == "33.3"
