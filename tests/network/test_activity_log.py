"""The activity log speaks one dialect with one table of words, is shown in the reader's
language with field labels and readable values, and follows admin edits too."""

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured

from network.activity import activity_record, register_verbs, registered_verbs
from network.admin import LoggedAdmin
from network.models import ActivityLog
from producers.services.organizations import organization_update
from tests.advocacy.factories import CampaignFactory

OUR_APPS = {"network", "producers", "certification", "advocacy"}


def test_every_registered_verb_reads_thing_dot_past_participle():
    verbs = registered_verbs()
    assert len(verbs) > 40
    for verb in verbs:
        thing, done = verb.split(".")
        assert thing and done


@pytest.mark.parametrize("verb", ["campaign.publish", "profile_updated", "Campaign.Created"])
def test_a_verb_outside_the_dialect_cannot_be_registered(verb):
    with pytest.raises(ImproperlyConfigured):
        register_verbs({verb: "x"})


def test_an_unregistered_verb_is_refused(coop_a):
    with pytest.raises(ValueError, match="unregistered"):
        activity_record(actor=None, verb="organization.teleported", target=coop_a)
    assert not ActivityLog.objects.exists()


def test_the_spanish_page_shows_field_labels_and_readable_values(client, coop_a, coop_a_admin):
    organization_update(
        organization=coop_a,
        by=coop_a_admin,
        version=coop_a.version,
        data={"phone": "+51 84 281 123", "country": "BO"},
    )
    client.force_login(coop_a_admin)
    page = client.get(f"/organizations/{coop_a.pk}/activity/").content.decode()
    assert "Actualizó el perfil" in page
    assert "Teléfono: — → +51 84 281 123" in page
    assert "País: Perú → Bolivia" in page
    assert "phone:" not in page and "<code>" not in page


def test_document_types_show_as_their_label(client, coop_a, coop_a_admin):
    from network.files import validate_upload
    from producers.services.documents import document_create
    from tests.producers.factories import pdf_upload

    upload = pdf_upload()
    document_create(
        organization=coop_a,
        by=coop_a_admin,
        data={"doc_type": "other", "title": "Acta"},
        uploaded=upload,
        checked=validate_upload(upload),
    )
    client.force_login(coop_a_admin)
    page = client.get(f"/organizations/{coop_a.pk}/activity/").content.decode()
    assert "Tipo: — → otro" in page
    assert "doc_type" not in page


def test_the_campaign_page_lists_what_was_done_to_the_campaign(client, network_staff):
    from advocacy.services.campaigns import campaign_close

    campaign = CampaignFactory(title_es="Agua limpia")
    campaign_close(campaign=campaign, by=network_staff)
    client.force_login(network_staff)
    page = client.get(f"/manage/campaigns/{campaign.pk}/").content.decode()
    assert "Cerró la campaña" in page
    assert "Estado: publicada → cerrada" in page


def test_every_admin_page_of_our_models_is_logged():
    ours = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS
    ]
    assert ours
    unlogged = [
        model._meta.label for model, model_admin in ours if not isinstance(model_admin, LoggedAdmin)
    ]
    assert unlogged == []


def test_an_admin_edit_is_recorded_with_its_changes_and_moves_the_version(
    client, coop_a, network_staff
):
    network_staff.is_staff = network_staff.is_superuser = True
    network_staff.save()
    client.force_login(network_staff)
    url = f"/admin/producers/organization/{coop_a.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data["product_networks"] = [p.pk for p in coop_a.product_networks.all()]
    data["country"] = "PE"
    data["phone"] = "+51 1 555 0101"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = ActivityLog.objects.get(verb="admin.record_changed")
    assert entry.actor == network_staff
    assert entry.scope_id == str(coop_a.pk)
    assert entry.changes["phone"] == ["", "+51 1 555 0101"]
    coop_a.refresh_from_db()
    assert coop_a.version == 2
