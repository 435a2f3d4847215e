"""Knowledge resources: listed, searchable by text, tag and kind; members-only ones are
hidden from the public; files are downloaded as attachments."""

import io

from django.urls import reverse

from advocacy.models import Resource
from network import permissions
from tests.advocacy.factories import ResourceFactory


def test_search_by_text_tag_and_kind(client, db):
    ResourceFactory(title="Precios del cacao", tags=["cacao", "precios"])
    ResourceFactory(title="Clima y café", tags=["clima"], kind=Resource.Kind.BRIEF)
    url = reverse("advocacy:resource_list")

    def titles(**params):
        return [r.title for r in client.get(url, params).context["page_obj"]]

    assert titles(q="cacao") == ["Precios del cacao"]
    assert titles(tag="clima") == ["Clima y café"]
    assert titles(kind="brief") == ["Clima y café"]
    assert sorted(titles()) == ["Clima y café", "Precios del cacao"]


def test_members_only_resources_are_hidden_from_the_public(client, registered_user):
    secret = ResourceFactory(title="Documento interno", visibility="members")
    url = reverse("advocacy:resource_list")
    assert "Documento interno" not in client.get(url).content.decode()
    assert client.get(reverse("advocacy:resource_file", args=[secret.pk])).status_code == 404
    rule = permissions.register_rule(permissions.NETWORK_MEMBER, lambda u: u == registered_user)
    try:
        client.force_login(registered_user)
        assert "Documento interno" in client.get(url).content.decode()
    finally:
        permissions._rules[permissions.NETWORK_MEMBER].remove(rule)


def test_staff_add_a_resource_with_a_file_linked_to_a_campaign(staff_client, petition, client):
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    pdf.name = "estudio.pdf"
    response = staff_client.post(
        reverse("advocacy:resource_create"),
        {
            "title": "Estudio de precios",
            "kind": "study",
            "language": "es",
            "visibility": "public",
            "file": pdf,
            "campaigns": [petition.pk],
            "tags_text": "Precios, cacao",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    resource = Resource.objects.get()
    assert resource.tags == ["cacao", "precios"] and resource.file_type == "application/pdf"
    download = client.get(reverse("advocacy:resource_file", args=[resource.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="resource-{resource.pk}.pdf"'
    page = client.get(reverse("advocacy:campaign_detail", args=[petition.slug_es]))
    assert b"Estudio de precios" in page.content


def test_the_list_keeps_its_queries_with_many_rows(client, db, django_assert_max_num_queries):
    for _ in range(30):
        ResourceFactory()
    with django_assert_max_num_queries(6):
        client.get(reverse("advocacy:resource_list"))
