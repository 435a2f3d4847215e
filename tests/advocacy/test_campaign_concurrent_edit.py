"""Two staff members edit the same campaign at once: the second save is refused with what
they typed kept and what is stored shown, never silently lost."""

from django.test import Client
from django.urls import reverse

from advocacy.models import Campaign
from network.models import ActivityLog
from tests.advocacy.factories import CampaignFactory, make_staff
from tests.producers.editing import as_submitted, shown_version

REFUSED = "Otra persona cambió este registro desde que usted lo abrió."


def person(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_refuses_the_second_campaign_save_and_keeps_both_edits_visible(db):
    campaign = CampaignFactory(title_es="Agua limpia", summary_es="Resumen", goal=100)
    first = person(make_staff("ana@example.org"))
    second = person(make_staff("beto@example.org"))
    url = reverse("advocacy:campaign_edit", args=[campaign.pk])
    opened_first, opened_second = first.get(url), second.get(url)
    assert shown_version(opened_first) == shown_version(opened_second) == 1

    saved = first.post(url, as_submitted(opened_first, title_es="Agua limpia para todos"))
    assert saved.status_code == 302

    refused = second.post(url, as_submitted(opened_second, summary_es="Otro resumen", goal="900"))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert REFUSED in page
    assert 'value="Otro resumen"' in page and 'value="900"' in page
    assert refused.context["form"].stored == [
        {"label": "Título (español)", "value": "Agua limpia para todos"},
        {"label": "Resumen (español)", "value": "Resumen"},
        {"label": "Meta de firmas", "value": "100"},
    ]
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.title_es, stored.summary_es, stored.goal) == (
        "Agua limpia para todos",
        "Resumen",
        100,
    )
    assert stored.version == 2
    assert ActivityLog.objects.filter(verb="campaign.updated").count() == 1

    again = second.post(url, as_submitted(refused))
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.title_es, stored.summary_es, stored.goal, stored.version) == (
        "Agua limpia",
        "Otro resumen",
        900,
        3,
    )
    assert stored.status == Campaign.Status.PUBLISHED
    assert ActivityLog.objects.filter(verb="campaign.updated").count() == 2


def test_closing_a_campaign_does_not_make_its_open_form_stale_nor_is_undone_by_it(db):
    campaign = CampaignFactory(title_es="Agua limpia")
    editor = person(make_staff("ana@example.org"))
    url = reverse("advocacy:campaign_edit", args=[campaign.pk])
    opened = editor.get(url)
    closer = person(make_staff("beto@example.org"))
    closer.post(reverse("advocacy:campaign_close", args=[campaign.pk]))

    assert editor.post(url, as_submitted(opened, title_es="Agua")).status_code == 302
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.title_es, stored.status) == ("Agua", Campaign.Status.CLOSED)
