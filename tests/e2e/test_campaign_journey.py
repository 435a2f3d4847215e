"""The campaign journey in headless Chromium against the live server, with the real
Celery worker and the real SMTP server: staff create and publish a campaign; a visitor
signs, confirms through the emailed link and is counted; staff send an update; the
signer unsubscribes with one click and the next update does not reach them."""

import re
import time
from urllib.parse import urlsplit

import pytest
from allauth.mfa.app_settings import TOTP_PERIOD
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from playwright.sync_api import expect

from advocacy.models import Campaign, CampaignUpdate, Signature
from advocacy.services import signatures
from tests.advocacy.factories import SignatureFactory
from tests.fixtures.personas import PASSWORD, make_user
from tests.fixtures.services import eventually

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIGNER = "lucia.signer@example.org"
CONTROL = "control.signer@example.org"


def staff_signs_in(browser, live_server):
    secret = generate_totp_secret()
    staff = make_user("coordinadora@example.org", full_name="Rosa Quispe", is_staff=True,
                      is_superuser=True)  # fmt: skip
    TOTP.activate(staff, secret)
    context = browser.new_context(base_url=live_server.url, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.get_by_label("Correo electrónico").fill(staff.email)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))
    page.locator("input[name=code]").fill(code)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page.get_by_role("heading", name="Bienvenida, Rosa")).to_be_visible()
    return page


def local(url: str, live_server) -> str:
    """Links in emails point at MINGA_SITE_URL; follow them on the live server."""
    parts = urlsplit(url)
    return live_server.url + parts.path


def send_update(staff, campaign_pk, subject):
    staff.goto(f"/manage/campaigns/{campaign_pk}/")
    staff.get_by_role("link", name="Escribir una novedad").click()
    staff.get_by_label("Idioma").last.select_option("es")
    staff.get_by_label("Asunto").fill(subject)
    staff.get_by_label("Mensaje").fill("Entregamos las firmas al ministerio. ¡Gracias!")
    staff.get_by_role("button", name="Guardar y ver").click()
    expect(staff.get_by_role("heading", name=subject)).to_be_visible()
    staff.get_by_role("button", name=re.compile(r"Enviar a \d+ firmantes?")).click()


def test_a_campaign_from_publication_to_unsubscribe(
    browser, page, live_server, celery_worker_process, mailbox
):
    # Staff create and publish the campaign.
    staff = staff_signs_in(browser, live_server)
    staff.goto("/manage/campaigns/new/")
    staff.get_by_label("Tipo").select_option("petition")
    staff.get_by_label("dirección (español)").fill("cafe-justo")
    staff.get_by_label("título (español)").fill("Café a precio justo")
    staff.get_by_label("resumen (español)").fill("Pedimos compras públicas justas.")
    staff.get_by_label("texto (español)").fill("Las familias cafetaleras sostienen el campo.")
    staff.get_by_label("meta de firmas").fill("50")
    staff.get_by_role("button", name="Guardar").click()
    staff.get_by_role("button", name="Publicar").click()
    expect(staff.get_by_text("La campaña está publicada.")).to_be_visible()
    campaign = Campaign.objects.get(slug_es="cafe-justo")
    assert campaign.status == Campaign.Status.PUBLISHED
    # A second, already confirmed signer shows that updates keep flowing to others.
    SignatureFactory(campaign=campaign, email=CONTROL, name="Control Persona")

    # A visitor signs, without JavaScript needed.
    page.goto("/campaigns/cafe-justo/")
    expect(page.get_by_role("heading", name="Café a precio justo")).to_be_visible()
    page.get_by_label("Nombre completo").fill("Lucía Ramírez")
    page.get_by_label("Correo electrónico").fill(SIGNER)
    page.get_by_role("combobox", name="País").select_option("PE")
    page.get_by_label("Ciudad").fill("Jaén")
    page.get_by_label("Envíenme novedades").check()
    page.get_by_label("Mostrar mi nombre de pila").check()
    page.get_by_role("button", name="Firmar").click()
    expect(page.get_by_role("heading", name="Revisa tu correo")).to_be_visible()

    # The confirmation email reaches the SMTP server; its link confirms.
    message = mailbox.wait_for(SIGNER, "Confirma tu firma")
    link = re.search(r"https?://\S+/campaigns/confirm/\S+/", mailbox.text(message)).group(0)
    page.goto(local(link, live_server))
    page.get_by_role("button", name="Confirmar mi firma").click()
    expect(page.get_by_role("heading", name="Gracias, tu firma está confirmada")).to_be_visible()

    # The count updates once the tallies are refreshed (beat runs this every 30 s).
    signatures.tallies_refresh()
    page.goto("/campaigns/cafe-justo/")
    expect(page.locator(".campaign-total strong")).to_have_text("2")
    expect(page.locator(".recent-signers")).to_contain_text("Lucía · Perú")

    # Staff send an update; the signer receives it with one-click unsubscribe headers.
    send_update(staff, campaign.pk, "Primera novedad")
    update = mailbox.wait_for(SIGNER, "Primera novedad")
    assert update["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = "".join(str(update["List-Unsubscribe"]).split())  # unfold
    unsubscribe_url = re.fullmatch(r"<(https?://[^>]+)>", header).group(1)
    assert unsubscribe_url in mailbox.text(update)
    mailbox.wait_for(CONTROL, "Primera novedad")

    # The mail client's one-click POST (RFC 8058): no cookies, no CSRF token.
    response = page.request.post(
        local(unsubscribe_url, live_server), form={"List-Unsubscribe": "One-Click"}
    )
    assert response.status == 200
    assert Signature.objects.get(email=SIGNER).unsubscribed_at is not None

    # A second update reaches the others but not them.
    send_update(staff, campaign.pk, "Segunda novedad")
    mailbox.wait_for(CONTROL, "Segunda novedad")
    second = CampaignUpdate.objects.get(subject="Segunda novedad")
    assert eventually(lambda: CampaignUpdate.objects.get(pk=second.pk).status == "sent")
    assert CampaignUpdate.objects.get(pk=second.pk).sent_count == 1
    assert [m["Subject"] for m in mailbox.to(SIGNER) if "novedad" in m["Subject"]] == [
        "Primera novedad"
    ]
    staff.context.close()


def test_signing_twice_sends_an_already_signed_email(page, live_server, celery_worker_process,
                                                      mailbox):  # fmt: skip
    Campaign.objects.create(
        slug_es="bosques", title_es="Bosques vivos", summary_es="s", body_es="b", goal=10,
        status=Campaign.Status.PUBLISHED,
    )  # fmt: skip
    for name in ("Ana Pérez", "Otra Persona"):
        page.goto("/campaigns/bosques/")
        page.get_by_label("Nombre completo").fill(name)
        page.get_by_label("Correo electrónico").fill("ana.twice@example.org")
        page.get_by_role("combobox", name="País").select_option("BO")
        page.get_by_role("button", name="Firmar").click()
        expect(page.get_by_role("heading", name="Revisa tu correo")).to_be_visible()
    mailbox.wait_for("ana.twice@example.org", "Ya firmaste «Bosques vivos»")
    assert Signature.objects.filter(email="ana.twice@example.org").count() == 1
    subjects = sorted(str(m["Subject"]) for m in mailbox.to("ana.twice@example.org"))
    assert subjects == ["Confirma tu firma: Bosques vivos", "Ya firmaste «Bosques vivos»"]
