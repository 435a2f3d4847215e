"""Headers on every response (network.middleware.ResponseHeadersMiddleware): a
Permissions-Policy everywhere; `no-store` on the pages of a signed-in person only."""

from django.urls import reverse

from tests.advocacy.factories import CampaignFactory


def test_every_response_carries_a_permissions_policy(client, registered_user):
    for response in (
        client.get(reverse("network:home")),
        client.get("/no-such-page/"),
        client.post(reverse("producers:apply"), {}),
    ):
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "microphone=()" in policy
        assert "geolocation=()" in policy and "payment=()" in policy


def test_pages_of_a_signed_in_person_are_never_stored(client, registered_user):
    client.force_login(registered_user)
    for url in (reverse("network:dashboard"), reverse("network:profile"), reverse("network:home")):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


def test_public_pages_and_public_files_keep_their_caching(client, db):
    assert "no-store" not in client.get(reverse("network:home")).get("Cache-Control", "")
    campaign = CampaignFactory(slug_es="agua")
    page = client.get(reverse("advocacy:campaign_detail", args=[campaign.slug_es]))
    assert "no-store" not in page.get("Cache-Control", "")


def test_a_signed_in_persons_downloads_keep_their_own_headers(client, coop_a, coop_a_admin):
    client.force_login(coop_a_admin)
    export = client.get(
        reverse("producers:register_export", kwargs={"pk": coop_a.pk, "file_format": "csv"})
    )
    assert export["Cache-Control"] == "private, no-store"
    assert export["Permissions-Policy"]
