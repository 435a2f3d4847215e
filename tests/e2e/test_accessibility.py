"""axe-core on the pages people use most, on a phone (360 px) and a desktop (1280 px):
no serious or critical violation, and no sideways scrolling on the phone (quality.md)."""

import pytest
from playwright.sync_api import expect

from tests.advocacy.factories import make_staff
from tests.e2e.axe import describe, horizontal_overflow, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 360, 1280


def problems_of(page, width: int) -> list[str]:
    """What axe and the width check find on the page now, as readable lines."""
    found = []
    violations = serious_violations(page)
    if violations:
        found.append(f"{page.url} at {width} px:\n{describe(violations)}")
    if width == PHONE and (overflow := horizontal_overflow(page)):
        found.append(f"{page.url} at {width} px is {overflow} px wider than the screen")
    return found


def check_pages(page, width: int, paths: list[str]) -> list[str]:
    page.set_viewport_size({"width": width, "height": 800})
    found = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        found += problems_of(page, width)
    return found


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_organization_pages_pass_axe(page, sign_in, cooperative, width):
    organization, admin = cooperative
    sign_in(admin)
    base = f"/organizations/{organization.pk}"
    found = check_pages(page, width, [f"{base}/", f"{base}/members/", f"{base}/people/"])
    assert not found, "\n".join(found)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_staff_pages_pass_axe(page, sign_in, cooperative, campaign, width):
    sign_in(make_staff())
    found = check_pages(page, width, ["/network/directory/", f"/manage/campaigns/{campaign.pk}/"])
    assert not found, "\n".join(found)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_public_campaign_page_and_the_sign_form_with_errors_pass_axe(page, campaign, width):
    found = check_pages(page, width, ["/campaigns/cafe-justo/"])
    page.get_by_label("Correo electrónico").fill("not an address")
    page.get_by_role("button", name="Firmar").click()
    expect(page.locator(".sign-form .error").first).to_be_visible()
    found += problems_of(page, width)
    assert not found, "\n".join(found)


def test_the_checks_do_find_problems(page):
    """A page with a picture without text and a wide block fails both checks."""
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.set_content(
        '<html lang="es"><head><title>t</title></head><body><main>'
        '<input type="image" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        "<pre>" + "x" * 200 + "</pre></main></body></html>"
    )
    assert [v["id"] for v in serious_violations(page)] == ["input-image-alt"]
    assert horizontal_overflow(page) > 0
