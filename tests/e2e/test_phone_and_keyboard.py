"""What a phone and a keyboard meet in headless Chromium: wide tables scroll inside
the page and by keyboard, the country chart stays readable at 360 px, and a refused
signature starts the reader at the error summary."""

import pytest
from playwright.sync_api import expect

PHONE = 360

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_wide_table_scrolls_inside_the_page_and_by_keyboard(page, sign_in, cooperative):
    organization, admin = cooperative
    sign_in(admin)
    page.set_viewport_size({"width": PHONE, "height": 740})
    page.goto(f"/organizations/{organization.pk}/people/")
    region = page.get_by_role("region", name="Personas")
    # The hidden "Actions" header stays inside its scroller: the page is no wider.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())


def test_the_country_chart_stays_readable_on_a_phone(page, campaign):
    page.set_viewport_size({"width": PHONE, "height": 740})
    page.goto(f"/campaigns/{campaign.slug_es}/")
    labels = page.locator(".bar-chart .chart-label")
    expect(labels.first).to_be_visible()
    sizes = labels.evaluate_all(
        """labels => labels.map(label => {
            const chart = label.ownerSVGElement;
            const scale = chart.getBoundingClientRect().width / chart.viewBox.baseVal.width;
            const box = label.getBBox();
            return {text: label.textContent,
                    px: parseFloat(getComputedStyle(label).fontSize) * scale,
                    right: box.x + box.width, room: chart.viewBox.baseVal.width};
        })"""
    )
    for size in sizes:
        assert size["px"] >= 12, size  # as large as the text around it, near enough
        assert size["right"] <= size["room"], size  # not cut at the drawing's edge
    assert "República Democrática del Congo" in [size["text"] for size in sizes]
    page.get_by_text("Las cifras en una tabla").click()
    table = page.get_by_role("region", name="Firmas por país")
    expect(table.get_by_role("cell", name="República Democrática del Congo")).to_be_visible()


def test_a_refused_signature_starts_the_reader_at_the_error_summary(page, campaign):
    page.goto(f"/campaigns/{campaign.slug_es}/")
    page.get_by_label("Correo electrónico").fill("not an address")
    page.get_by_role("button", name="Firmar").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Revisa lo que escribiste")
    expect(summary.get_by_role("link")).to_have_count(3)  # name, email, country
    summary.get_by_role("link", name="Correo electrónico").click()
    expect(page.get_by_label("Correo electrónico")).to_be_focused()
    expect(page.get_by_label("Correo electrónico")).to_have_value("not an address")


def test_without_javascript_the_summary_is_where_the_page_opens(browser, live_server, campaign):
    context = browser.new_context(base_url=live_server.url, locale="es-ES",
                                  java_script_enabled=False)  # fmt: skip
    page = context.new_page()
    page.goto(f"/campaigns/{campaign.slug_es}/")
    page.get_by_role("button", name="Firmar").click()
    assert page.url.endswith("/sign/#errors")  # the browser goes to the summary
    first = page.locator(".sign-form > :not(input[type=hidden])").first
    expect(first).to_have_class("error-summary")
    expect(first).to_be_in_viewport()
    expect(first).to_be_focused()
    context.close()


def test_any_form_with_errors_moves_focus_to_its_summary(page, db):
    """Forms whose action names no #errors: the small script moves focus."""
    page.goto("/join/")
    page.locator("main form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert "#" not in page.url
