"""Campaigns: staff compose, preview, publish and close through the state machine; the
public page is light, translated with a Spanish fallback, and shareable."""

import gzip
import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from advocacy.models import Campaign
from advocacy.services import campaigns, signatures
from advocacy.services.common import GuardFailed, TransitionNotAllowed
from network.models import ActivityLog
from tests.advocacy.factories import CampaignFactory, ResourceFactory, SignatureFactory

FIELDS = {
    "kind": "petition",
    "slug_es": "semillas-libres",
    "title_es": "Semillas libres",
    "summary_es": "Resumen",
    "body_es": "Texto",
    "title_fr": "Semences libres",
    "goal": "500",
    "countries": ["PE", "EC"],
    "partners": "Red A\nRed B",
}


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "cover.png"
    return buffer


def test_staff_create_preview_and_publish_a_campaign(staff_client, network_staff):
    response = staff_client.post(
        reverse("advocacy:campaign_create"), {**FIELDS, "image": png_bytes()}
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    campaign = Campaign.objects.get(slug_es="semillas-libres")
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.image_type == "image/png" and "cover" not in campaign.image.name
    assert sorted(c.code for c in campaign.countries) == ["EC", "PE"]
    assert campaign.partner_list == ["Red A", "Red B"]
    # A draft does not exist for the public, but staff can preview it.
    staff_client.logout()
    assert (
        staff_client.get(reverse("advocacy:campaign_detail", args=["semillas-libres"])).status_code
        == 404
    )
    staff_client.force_login(network_staff)
    preview = staff_client.get(reverse("advocacy:campaign_preview", args=[campaign.pk]))
    assert preview.status_code == 200 and b"Semillas libres" in preview.content
    staff_client.post(reverse("advocacy:campaign_publish", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.PUBLISHED and campaign.published_at
    verbs = list(
        ActivityLog.objects.filter(target_id=str(campaign.pk)).values_list("verb", flat=True)
    )
    assert set(verbs) >= {"campaign.created", "campaign.published"}
    staff_client.logout()
    page = staff_client.get(reverse("advocacy:campaign_detail", args=["semillas-libres"]))
    assert page.status_code == 200
    image = staff_client.get(reverse("advocacy:campaign_image", args=["semillas-libres"]))
    assert image["Content-Type"] == "image/png"


def test_an_upload_pretending_to_be_an_image_is_refused(staff_client):
    fake = io.BytesIO(b"<script>alert(1)</script>" * 10)
    fake.name = "cover.png"
    response = staff_client.post(reverse("advocacy:campaign_create"), {**FIELDS, "image": fake})
    assert response.status_code == 200
    assert "image" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_the_state_machine_allows_only_draft_published_closed(network_staff):
    campaign = CampaignFactory(status=Campaign.Status.DRAFT)
    with pytest.raises(TransitionNotAllowed):
        campaigns.campaign_close(campaign=campaign, by=network_staff)
    campaigns.campaign_publish(campaign=campaign, by=network_staff)
    with pytest.raises(TransitionNotAllowed):
        campaigns.campaign_publish(campaign=campaign, by=network_staff)
    campaigns.campaign_close(campaign=campaign, by=network_staff)
    assert campaign.status == Campaign.Status.CLOSED
    with pytest.raises(TransitionNotAllowed):
        campaigns.campaign_publish(campaign=campaign, by=network_staff)


def test_a_petition_without_a_goal_cannot_be_published(network_staff):
    campaign = CampaignFactory(status=Campaign.Status.DRAFT, goal=None)
    with pytest.raises(GuardFailed):
        campaigns.campaign_publish(campaign=campaign, by=network_staff)


def test_a_stale_object_cannot_make_a_move_twice(network_staff):
    campaign = CampaignFactory(status=Campaign.Status.DRAFT)
    stale = Campaign.objects.get(pk=campaign.pk)
    campaigns.campaign_publish(campaign=campaign, by=network_staff)
    with pytest.raises(TransitionNotAllowed):
        campaigns.campaign_publish(campaign=stale, by=network_staff)


def test_texts_fall_back_to_spanish(client, petition):
    client.cookies["django_language"] = "en"
    assert (
        b"Clean water"
        in client.get(reverse("advocacy:campaign_detail", args=["agua-limpia"])).content
    )
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("advocacy:campaign_detail", args=["agua-limpia"]))
    assert b"Agua limpia" in page.content


def test_the_page_has_open_graph_tags_and_share_links(client, petition):
    page = client.get(reverse("advocacy:campaign_detail", args=["agua-limpia"])).content.decode()
    assert '<meta property="og:title" content="Agua limpia">' in page
    assert '<meta property="og:description" content="Un resumen en castellano.">' in page
    assert 'property="og:url" content="http://localhost:8000/campaigns/agua-limpia/"' in page
    assert "https://wa.me/?text=" in page and "facebook.com/sharer" in page


def test_recent_signers_show_first_name_and_country_only_when_they_agreed(client, petition):
    SignatureFactory(campaign=petition, name="Rosa Condori Mamani", email="rosa@example.org",
                     country="BO")  # fmt: skip
    SignatureFactory(campaign=petition, name="Oculto Persona", show_publicly=False)
    SignatureFactory(campaign=petition, name="Pendiente Persona", confirmed_at=None)
    page = client.get(reverse("advocacy:campaign_detail", args=["agua-limpia"])).content.decode()
    assert "Rosa · Bolivia" in page
    assert "Condori" not in page and "rosa@example.org" not in page
    assert "Oculto" not in page and "Pendiente" not in page


def test_the_public_page_is_light_and_needs_no_script(client, petition):
    SignatureFactory.create_batch(20, campaign=petition)
    signatures.tallies_refresh()
    response = client.get(reverse("advocacy:campaign_detail", args=["agua-limpia"]))
    html = response.content
    assert b"<script" not in html and b"style=" not in html
    css = Path(finders.find("css/minga.css")).read_bytes()
    assert len(gzip.compress(html)) + len(gzip.compress(css)) < 60 * 1024
    assert b'<form method="post" action="/campaigns/agua-limpia/sign/#errors"' in html


def test_the_campaign_page_keeps_few_queries(client, petition, django_assert_max_num_queries):
    SignatureFactory.create_batch(50, campaign=petition)
    for _ in range(5):
        ResourceFactory().campaigns.add(petition)
    signatures.tallies_refresh()
    with django_assert_max_num_queries(10):
        client.get(reverse("advocacy:campaign_detail", args=["agua-limpia"]))


def test_the_public_list_shows_published_and_closed_campaigns_only(client, petition):
    CampaignFactory(title_es="Borrador secreto", status=Campaign.Status.DRAFT)
    page = client.get(reverse("advocacy:campaign_list")).content.decode()
    assert "Agua limpia" in page and "Borrador secreto" not in page


def test_a_non_staff_user_gets_403_on_staff_lists_and_404_on_staff_objects(
    client, registered_user, petition
):
    """Ids under /manage/ cannot be probed: an existing campaign and a missing one look
    the same to someone who may not manage campaigns."""
    client.force_login(registered_user)
    assert client.get(reverse("advocacy:manage_campaigns")).status_code == 403
    assert client.get(reverse("advocacy:campaign_manage", args=[petition.pk])).status_code == 404
    assert client.get(reverse("advocacy:campaign_manage", args=[petition.pk + 99])).status_code == (
        404
    )
