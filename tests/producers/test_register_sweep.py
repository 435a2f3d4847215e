"""Member-register uploads kept between preview and confirmation are not kept forever."""

from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from network.files import validate_upload
from producers.models import Member, MemberImport
from producers.services.members import register_apply, register_imports_sweep, register_upload

GOOD = b"code,name,production_area_ha\nA1,Ana,2\nA2,Luis,3\n"
BAD = b"code,name,birth_year\nA1,Ana,19x0\n"


def upload(organization, user, data=GOOD, *, hours_ago=0):
    uploaded = SimpleUploadedFile("socios.csv", data, content_type="text/csv")
    member_import = register_upload(
        organization=organization, by=user, uploaded=uploaded, checked=validate_upload(uploaded)
    )
    if hours_ago:
        MemberImport.objects.filter(pk=member_import.pk).update(
            created_at=timezone.now() - timedelta(hours=hours_ago)
        )
        member_import.refresh_from_db()
    return member_import


def test_unconfirmed_uploads_older_than_a_day_go_with_their_files(coop_a, coop_a_admin):
    stale_ready = upload(coop_a, coop_a_admin, hours_ago=25)
    stale_invalid = upload(coop_a, coop_a_admin, BAD, hours_ago=25)
    fresh = upload(coop_a, coop_a_admin, hours_ago=23)
    assert stale_invalid.status == MemberImport.Status.INVALID
    assert all(default_storage.exists(i.file_name) for i in (stale_ready, stale_invalid, fresh))

    assert register_imports_sweep() == {"deleted": 2, "files_dropped": 0}

    assert list(MemberImport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not default_storage.exists(stale_ready.file_name)
    assert not default_storage.exists(stale_invalid.file_name)
    assert default_storage.exists(fresh.file_name)


def test_a_confirmed_import_keeps_its_row_and_members_but_not_its_file(coop_a, coop_a_admin):
    member_import = upload(coop_a, coop_a_admin)
    kept = member_import.file_name
    register_apply(member_import=member_import, by=coop_a_admin)
    assert default_storage.exists(kept)
    MemberImport.objects.filter(pk=member_import.pk).update(
        applied_at=timezone.now() - timedelta(hours=30)
    )

    assert register_imports_sweep() == {"deleted": 0, "files_dropped": 1}

    member_import.refresh_from_db()
    assert member_import.status == MemberImport.Status.APPLIED
    assert member_import.file_name == ""
    assert not default_storage.exists(kept)
    assert Member.objects.filter(organization=coop_a).count() == 2


def test_sweeping_twice_deletes_nothing_more_and_a_missing_file_is_no_error(coop_a, coop_a_admin):
    stale = upload(coop_a, coop_a_admin, hours_ago=48)
    default_storage.delete(stale.file_name)  # someone removed it by hand already
    assert register_imports_sweep() == {"deleted": 1, "files_dropped": 0}
    assert register_imports_sweep() == {"deleted": 0, "files_dropped": 0}


def test_confirming_a_swept_upload_asks_for_the_file_again(client, coop_a, coop_a_admin):
    member_import = upload(coop_a, coop_a_admin)
    client.force_login(coop_a_admin)
    url = f"/organizations/{coop_a.pk}/members/import/{member_import.pk}/"
    assert client.get(url).status_code == 200
    register_imports_sweep(older_than=timedelta(0))
    assert client.post(url).status_code == 404
    assert Member.objects.count() == 0


def test_the_sweep_runs_every_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["producers-register-imports-sweep"]
    assert entry["task"] == "producers.tasks.register_imports_sweep"
    assert entry["schedule"].minute == {40}
