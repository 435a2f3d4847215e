"""Demo campaigns: a published petition with signatures and a towns campaign with a
declared town. Idempotent: safe to load on every `make run`."""

from datetime import timedelta

from django.utils import timezone

from advocacy.models import GOAL_COUNT, Campaign, Declaration, DeclarationGoal, Signature
from advocacy.services import campaigns, declarations, signatures
from network.models import User

SIGNERS = [
    ("Ana Quispe", "PE", "Cusco", "es"),
    ("João Pereira", "BR", "Recife", "pt"),
    ("Marie Joseph", "HT", "Jacmel", "fr"),
    ("Carlos Méndez", "MX", "Oaxaca", "es"),
    ("Lucía Torres", "CO", "Popayán", "es"),
    ("Emma Brown", "GB", "Bristol", "en"),
    ("Pedro Gómez", "PE", "Jaén", "es"),
    ("Rosa Condori", "BO", "La Paz", "es"),
]


def _staff():
    return User.objects.filter(is_superuser=True).order_by("pk").first()


def _petition(staff) -> Campaign:
    campaign = Campaign.objects.filter(slug_es="precio-justo-cafe").first()
    if campaign is None:
        campaign = campaigns.campaign_create(
            by=staff,
            fields={
                "kind": Campaign.Kind.PETITION,
                "slug_es": "precio-justo-cafe",
                "slug_en": "fair-price-coffee",
                "title_es": "Un precio justo para el café de pequeños productores",
                "title_en": "A fair price for small producers' coffee",
                "title_pt": "Um preço justo para o café dos pequenos produtores",
                "title_fr": "Un prix juste pour le café des petits producteurs",
                "summary_es": "Pedimos a los compradores públicos que paguen al menos el "
                "precio mínimo sustentable a las organizaciones de pequeños productores.",
                "summary_en": "We ask public buyers to pay small producers' organizations at "
                "least the minimum sustainable price.",
                "body_es": "Las familias cafetaleras sostienen comunidades enteras.\n\n"
                "Con tu firma pedimos compras públicas que respeten el precio mínimo "
                "sustentable y el incentivo del Símbolo de Pequeños Productores.",
                "body_en": "Coffee-growing families sustain whole communities.\n\n"
                "With your signature we ask for public purchasing that respects the minimum "
                "sustainable price and the Small Producers' Symbol incentive.",
                "goal": 1000,
                "countries": ["PE", "CO", "MX", "BR"],
                "partners": "Red de pequeños productores\nCoordinadora de comercio justo",
            },
        )
        campaigns.campaign_publish(campaign=campaign, by=staff)
    now = timezone.now()
    for index, (name, country, city, language) in enumerate(SIGNERS):
        email = f"firma{index + 1}@minga.test"
        Signature.objects.get_or_create(
            campaign=campaign,
            email=email,
            defaults={
                "name": name,
                "country": country,
                "city": city,
                "language": language,
                "consent_updates": True,
                "show_publicly": index % 3 != 2,
                "created_at": now - timedelta(days=index),
                "confirmed_at": now - timedelta(days=index) if index != 7 else None,
                "confirmation_sent_at": now - timedelta(days=index),
            },
        )
    return campaign


def _towns(staff) -> Campaign:
    campaign = Campaign.objects.filter(slug_es="pueblos-comercio-justo").first()
    if campaign is None:
        campaign = campaigns.campaign_create(
            by=staff,
            fields={
                "kind": Campaign.Kind.TOWNS,
                "slug_es": "pueblos-comercio-justo",
                "title_es": "Pueblos por el Comercio Justo",
                "title_en": "Towns for Fair Trade",
                "summary_es": "Municipios que se comprometen con los pequeños productores.",
                "summary_en": "Towns that commit to small producers.",
                "body_es": "Un pueblo obtiene el título al cumplir cinco metas, construidas "
                "junto con productores, sociedad civil y autoridades locales.",
                "body_en": "A town earns the title by meeting five goals, built together with "
                "producers, civil society and local authorities.",
            },
        )
        campaigns.campaign_publish(campaign=campaign, by=staff)
    if not campaign.declarations.exists():
        declaration = declarations.declaration_apply(
            campaign=campaign,
            fields={
                "name": "Municipalidad de Moyobamba",
                "country": "PE",
                "city": "San Martín",
                "contact_name": "Elena Ríos",
                "contact_role": "Regidora",
                "contact_email": "elena.rios@minga.test",
            },
            evidence=[{"text": "Resolución municipal y compras en eventos."}] * GOAL_COUNT,
            language="es",
        )
        declarations.declaration_start(declaration=declaration, by=staff)
        for goal in DeclarationGoal.objects.filter(declaration=declaration):
            declarations.declaration_goal_verify(goal=goal, by=staff, verified=True)
        declarations.declaration_declare(declaration=declaration, by=staff)
        declarations.declaration_apply(
            campaign=campaign,
            fields={
                "name": "Municipio de Pochutla",
                "country": "MX",
                "city": "Oaxaca",
                "contact_name": "Tomás Cruz",
                "contact_email": "tomas.cruz@minga.test",
            },
            evidence=[],
            language="es",
        )
    return campaign


def load() -> list[str]:
    staff = _staff()
    petition = _petition(staff)
    towns = _towns(staff)
    signatures.tallies_refresh()
    declared = Declaration.objects.filter(campaign=towns, status="declared").count()
    return [
        f"campaign /campaigns/{petition.slug_es}/ ({petition.signatures.count()} signatures); "
        f"/campaigns/{towns.slug_es}/ ({declared} declared town)"
    ]
