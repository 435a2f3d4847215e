"""The admin never changes a published version of the standard, nor a declaration."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from certification.models import Criterion
from network.models import ActivityLog
from tests.certification.factories import ConflictDeclarationFactory, StandardVersionFactory
from tests.fixtures.personas import make_user


@pytest.fixture
def admin_client(client, db):
    user = make_user("root@example.org", is_staff=True, is_superuser=True)
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    return client


def change_data(version, **more):
    return {
        "code": version.code,
        "label": version.label,
        "title_es": "Otro título",
        "title_en": "Another title",
        "in_force_from": "2025-01-01",
        "certificate_validity_months": 12,
        "renewal_notice_days": "60,30,0",
        "grace_days": 60,
        "eligibility_review_days": 21,
        "objection_period_days": 15,
        "objection_reminder_days": "7,10",
        **more,
    }


def test_a_published_version_and_its_criteria_are_read_only(admin_client):
    version = StandardVersionFactory(criteria=1)
    url = f"/admin/certification/standardversion/{version.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.post(url, change_data(version)).status_code == 403
    criterion = Criterion.objects.get()
    assert (
        admin_client.post(
            f"/admin/certification/criterion/{criterion.pk}/change/", {"text_es": "Otro"}
        ).status_code
        == 403
    )
    assert (
        admin_client.post(
            f"/admin/certification/standardversion/{version.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    version.refresh_from_db()
    assert version.title_es != "Otro título"


def test_a_draft_may_be_corrected_and_the_change_is_logged(admin_client):
    version = StandardVersionFactory(status="draft", criteria=1)
    url = f"/admin/certification/standardversion/{version.pk}/change/"
    response = admin_client.post(url, change_data(version))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.title_es == "Otro título" and version.status == "draft"
    entry = ActivityLog.objects.get(verb="admin.record_changed")
    assert entry.changes["title_es"][1] == "Otro título"


def test_declarations_are_not_edited_in_the_admin(admin_client, evaluator, coop_a):
    declaration = ConflictDeclarationFactory(person=evaluator, organization=coop_a)
    base = "/admin/certification/conflictdeclaration/"
    assert admin_client.get(f"{base}add/").status_code == 403
    assert (
        admin_client.post(f"{base}{declaration.pk}/change/", {"outcome": "conflict"}).status_code
        == 403
    )
    assert admin_client.get(f"{base}{declaration.pk}/change/").status_code == 200  # readable


def test_membership_fees_are_read_in_the_admin_not_edited(admin_client, coop_a):
    from decimal import Decimal

    from certification.models import MembershipFee
    from tests.certification.factories import MembershipFeeFactory

    fee = MembershipFeeFactory(resolution__application__organization=coop_a)
    base = "/admin/certification/membershipfee/"
    listing = admin_client.get(base)
    assert listing.status_code == 200 and "Valle Alto" in listing.content.decode()
    page = admin_client.get(f"{base}{fee.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.get(f"{base}add/").status_code == 403
    assert admin_client.post(f"{base}{fee.pk}/change/", {"amount": "1.00"}).status_code == 403
    assert admin_client.post(f"{base}{fee.pk}/delete/", {"post": "yes"}).status_code == 403
    assert MembershipFee.objects.get(pk=fee.pk).amount == fee.amount == Decimal("400.00")
