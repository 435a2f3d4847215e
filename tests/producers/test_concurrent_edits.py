"""Two people edit the same organization profile or member at once: the second save is
refused with what they typed kept and what is stored shown, never silently lost."""

from django.test import Client

from network.models import ActivityLog
from producers.models import Member, Organization
from tests.producers.editing import as_submitted, shown_version
from tests.producers.factories import MemberFactory

REFUSED = "Otra persona cambió este registro desde que usted lo abrió."


def person(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_refuses_the_second_profile_save_and_keeps_both_edits_visible(
    coop_a, coop_a_admin, coop_a_editor
):
    first, second = person(coop_a_admin), person(coop_a_editor)
    url = f"/organizations/{coop_a.pk}/edit/"
    opened_first, opened_second = first.get(url), second.get(url)
    assert shown_version(opened_first) == shown_version(opened_second) == 1

    saved = first.post(url, as_submitted(opened_first, region="Junín"))
    assert saved.status_code == 302

    refused = second.post(url, as_submitted(opened_second, municipality="Pichari"))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert REFUSED in page
    assert 'value="Pichari"' in page and 'value="Cusco"' in page  # what they typed
    assert [row["value"] for row in refused.context["form"].stored] == ["Junín", "Quillabamba"]
    assert "<td>Junín</td>" in page  # the stored value, to reconcile with
    stored = Organization.objects.get(pk=coop_a.pk)
    assert (stored.region, stored.municipality, stored.version) == ("Junín", "Quillabamba", 2)
    assert ActivityLog.objects.filter(verb="organization.updated").count() == 1

    # Saving the re-shown form again is a deliberate choice, made on version 2.
    assert shown_version(refused) == 2
    again = second.post(url, as_submitted(refused))
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.region, stored.municipality, stored.version) == ("Cusco", "Pichari", 3)
    entries = ActivityLog.objects.filter(verb="organization.updated").order_by("id")
    assert [entry.actor for entry in entries] == [coop_a_admin, coop_a_editor]


def test_it_refuses_a_profile_form_without_a_version(client, coop_a, coop_a_admin):
    client.force_login(coop_a_admin)
    url = f"/organizations/{coop_a.pk}/edit/"
    data = as_submitted(client.get(url), region="Junín")
    del data["version"]
    refused = client.post(url, data)
    assert refused.status_code == 200 and REFUSED in refused.content.decode()
    coop_a.refresh_from_db()
    assert coop_a.region == "Cusco" and coop_a.version == 1
    assert not ActivityLog.objects.filter(verb="organization.updated").exists()


def test_it_refuses_the_second_member_save_and_keeps_both_edits_visible(
    coop_a, coop_a_admin, coop_a_editor
):
    member = MemberFactory(organization=coop_a, code="R-7", name="Rosa", community="Maranura")
    first, second = person(coop_a_admin), person(coop_a_editor)
    url = f"/organizations/{coop_a.pk}/members/{member.pk}/"
    opened_first, opened_second = first.get(url), second.get(url)

    saved = first.post(url, as_submitted(opened_first, name="Rosa Quispe", is_active=""))
    assert saved.status_code == 302

    refused = second.post(url, as_submitted(opened_second, community="Huayopata"))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert REFUSED in page
    assert 'value="Huayopata"' in page and 'value="Rosa"' in page
    assert refused.context["form"].stored == [
        {"label": "Nombre", "value": "Rosa Quispe"},
        {"label": "Comunidad", "value": "Maranura"},
        {"label": "Activo", "value": "no"},
    ]
    stored = Member.objects.get(pk=member.pk)
    assert (stored.name, stored.community, stored.is_active) == ("Rosa Quispe", "Maranura", False)
    assert ActivityLog.objects.filter(verb="member.updated").count() == 1

    again = second.post(url, as_submitted(refused))
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.name, stored.community, stored.is_active) == ("Rosa", "Huayopata", True)
    assert stored.version == 3
    assert ActivityLog.objects.filter(verb="member.updated").count() == 2


def test_a_register_import_that_changes_a_member_makes_an_open_edit_stale(
    client, coop_a, coop_a_admin
):
    member = MemberFactory(organization=coop_a, code="S-001", name="Rosa")
    client.force_login(coop_a_admin)
    url = f"/organizations/{coop_a.pk}/members/{member.pk}/"
    opened = client.get(url)
    from tests.producers.test_register_import import GOOD, csv_upload, upload

    preview = upload(client, coop_a, csv_upload(GOOD))
    assert client.post(preview["Location"]).status_code == 302
    assert Member.objects.get(pk=member.pk).version == 2

    refused = client.post(url, as_submitted(opened, name="Rosa Q."))
    assert refused.status_code == 200 and REFUSED in refused.content.decode()
    assert Member.objects.get(pk=member.pk).name == "Rosa Quispe"  # from the file
