from django.urls import reverse

from network.models import ActivityLog


def test_a_person_changes_their_name_and_language(client, registered_user):
    client.force_login(registered_user)
    response = client.post(
        reverse("network:profile"), {"full_name": "María Huamán Quispe", "language": "en"}
    )
    assert response.status_code == 302
    registered_user.refresh_from_db()
    assert (registered_user.full_name, registered_user.language) == ("María Huamán Quispe", "en")
    page = client.get(reverse("network:profile")).content.decode()
    assert '<html lang="en">' in page and "Your profile was saved." in page
    log = ActivityLog.objects.get(verb="profile.updated")
    assert log.changes == {
        "full_name": ["María Huamán", "María Huamán Quispe"],
        "language": ["es", "en"],
    }


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, registered_user):
    client.force_login(registered_user)
    response = client.post(reverse("network:profile"), {"full_name": "", "language": "xx"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Este campo es obligatorio." in page
    assert "Escoja una opción válida." in page
    registered_user.refresh_from_db()
    assert registered_user.full_name == "María Huamán"
    assert not ActivityLog.objects.exists()
