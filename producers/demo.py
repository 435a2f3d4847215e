"""Demo data of the producers app: country and product networks, eight cooperatives with
their member registers, and accounts for an organization admin and country staff.
Idempotent: safe to load on every `make run`."""

import random
from decimal import Decimal

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from network.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_user
from network.models import CertificationBody, CountryNetwork, ProductNetwork, Role, RoleKind
from producers.models import MEMBERSHIP, Member, MembershipStatus, Organization, Product

COUNTRIES = [("PE", "Red Peruana de Pequeños Productores"), ("MX", "Red Mexicana"),
             ("CO", "Red Colombiana"), ("BO", "Red Boliviana")]  # fmt: skip
PRODUCTS = [("coffee", "Café", False), ("cacao", "Cacao", False), ("honey", "Miel", True),
            ("banana", "Banano", False), ("sugar", "Azúcar de caña", False)]  # fmt: skip
COOPERATIVES = [
    ("Cooperativa Agraria Cafetalera Valle Alto Ltda.", "Valle Alto", "PE", "Cusco",
     "Quillabamba", "coffee", "member", 60),
    ("Asociación de Apicultores del Sur", "Apícola del Sur", "MX", "Oaxaca", "Miahuatlán",
     "honey", "member", 40),
    ("Cooperativa Cacaotera Río Verde", "Río Verde", "CO", "Santander", "San Vicente",
     "cacao", "member", 45),
    ("Asociación de Productores Bananeros El Oro", "Bananeros El Oro", "BO", "Beni",
     "Riberalta", "banana", "applicant", 0),
    # Members at one step or another of their SPS certification (certification/demo/).
    ("Cooperativa de Servicios Múltiples Sol de Jaén", "Sol de Jaén", "PE", "Cajamarca",
     "Jaén", "coffee", "member", 35),
    ("Cooperativa Cañera Tierra Dulce", "Tierra Dulce", "MX", "Veracruz", "Córdoba", "sugar",
     "member", 30),
    ("Asociación de Cacaoteros del Alto Beni", "Alto Beni", "BO", "La Paz", "Palos Blancos",
     "cacao", "member", 40),
    ("Cooperativa Cafetera Montaña Verde", "Montaña Verde", "CO", "Huila", "Pitalito",
     "coffee", "member", 30),
]  # fmt: skip
FIRST = ["Rosa", "Juan", "Lucía", "Pedro", "Ana", "Luis", "María", "José", "Carmen", "Jorge"]
LAST = ["Quispe", "Mamani", "Condori", "Huamán", "Flores", "Ramos", "Torres", "Cruz"]


def load() -> list[str]:
    countries = {
        code: CountryNetwork.objects.get_or_create(country=code, defaults={"name": name})[0]
        for code, name in COUNTRIES
    }
    products = {
        slug: ProductNetwork.objects.get_or_create(
            slug=slug, defaults={"name": name, "is_honey": honey}
        )[0]
        for slug, name, honey in PRODUCTS
    }
    CertificationBody.objects.get_or_create(
        name="Certificadora Andina", defaults={"country": "PE", "accreditation": "ISO/IEC 17065"}
    )
    organizations = {}
    for legal, short, country, region, town, product, status, size in COOPERATIVES:
        organization = Organization.objects.filter(legal_name=legal).first()
        if organization is not None:
            organizations[short] = organization
            continue
        organization = MEMBERSHIP.create(
            legal_name=legal,
            short_name=short,
            country=country,
            country_network=countries[country],
            region=region,
            municipality=town,
            email=f"contacto@{short.lower().replace(' ', '-')}.example.org",
            founding_year=1995,
            legal_form="cooperativa",
        )
        organizations[short] = organization
        if status == MembershipStatus.MEMBER:
            MEMBERSHIP.move(organization, "admit", reason="Datos de demostración")
        organization.product_networks.set([products[product]])
        Product.objects.create(
            organization=organization,
            product_network=products[product],
            annual_volume=Decimal(size * 30),
            unit=Product.Unit.QUINTAL if product != "honey" else Product.Unit.KG,
            form=Product.Form.RAW,
            destination_markets="Europa, Estados Unidos",
        )
        _members(organization, size, honey=product == "honey")

    coop_admin = demo_user("gerencia@valle-alto.test", "Elena Huamán")
    Role.objects.get_or_create(
        user=coop_admin,
        organization=organizations["Valle Alto"],
        defaults={"kind": RoleKind.ORG_ADMIN},
    )
    viewer = demo_user("consulta@valle-alto.test", "Marco Ramos")
    Role.objects.get_or_create(
        user=viewer,
        organization=organizations["Valle Alto"],
        defaults={"kind": RoleKind.ORG_VIEWER},
    )
    staff = demo_user("coordinacion.pe@minga.test", "Inés Cárdenas")
    Role.objects.get_or_create(
        user=staff, kind=RoleKind.NETWORK_STAFF, country_network=countries["PE"]
    )
    if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(staff, DEMO_TOTP_SECRET)
    return [
        f"gerencia@valle-alto.test / {DEMO_PASSWORD}  (administrator of Valle Alto)",
        f"consulta@valle-alto.test / {DEMO_PASSWORD}  (viewer of Valle Alto)",
        f"coordinacion.pe@minga.test / {DEMO_PASSWORD}  (Peru's country-network staff; "
        f"TOTP secret {DEMO_TOTP_SECRET})",
    ]


def _members(organization, size: int, *, honey: bool) -> None:
    rng = random.Random(organization.legal_name)
    members = []
    for index in range(size):
        area = Decimal(rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 18])).quantize(Decimal("0.01"))
        members.append(
            Member(
                organization=organization,
                code=f"{organization.short_name[:2].upper()}-{index + 1:04d}",
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}",
                gender=rng.choice(["f", "m"]),
                birth_year=rng.randint(1950, 2004),
                community=f"Comunidad {rng.randint(1, 8)}",
                total_area_ha=area + 2,
                production_area_ha=None if honey else area,
                beehives=rng.randint(20, 450) if honey else None,
                products="miel" if honey else "",
                organic_status=rng.choice(["organic", "transition", "conventional"]),
            )
        )
    Member.objects.bulk_create(members)
