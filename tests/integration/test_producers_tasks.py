"""The producers app's periodic work, through a real Celery worker process."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from network.files import validate_upload
from producers.models import MemberImport
from producers.services.members import register_upload
from producers.tasks import register_imports_sweep
from tests.fixtures.personas import make_user
from tests.producers.factories import OrganizationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_worker_sweeps_stale_register_uploads(celery_worker_process):
    organization = OrganizationFactory()
    user = make_user("ines@example.org")
    imports = []
    for hours_ago in (26, 1):
        uploaded = SimpleUploadedFile("socios.csv", b"code,name\nA1,Ana\n")
        member_import = register_upload(
            organization=organization,
            by=user,
            uploaded=uploaded,
            checked=validate_upload(uploaded),
        )
        MemberImport.objects.filter(pk=member_import.pk).update(
            created_at=timezone.now() - timedelta(hours=hours_ago)
        )
        imports.append(member_import)
    stale, fresh = imports

    result = register_imports_sweep.delay().get(timeout=30)

    assert result == {"deleted": 1, "files_dropped": 0}
    assert list(MemberImport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not default_storage.exists(stale.file_name)
    assert default_storage.exists(fresh.file_name)
    # a duplicated beat tick finds nothing left to do
    assert register_imports_sweep.delay().get(timeout=30) == {"deleted": 0, "files_dropped": 0}
