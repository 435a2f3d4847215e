"""Factories of the producers app and of the network structure it uses."""

from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from network.models import CertificationBody, CountryNetwork, ProductNetwork, Role, RoleKind
from producers.models import Document, Member, MembershipStatus, Organization, Product


class CountryNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryNetwork
        django_get_or_create = ("country",)

    country = "PE"
    name = factory.LazyAttribute(lambda o: f"Red {o.country}")


class ProductNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductNetwork
        django_get_or_create = ("slug",)

    slug = "coffee"
    name = factory.LazyAttribute(lambda o: o.slug.title())


class CertificationBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationBody
        django_get_or_create = ("name",)

    name = "Certificadora Andina"
    country = "PE"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    legal_name = factory.Sequence(lambda n: f"Cooperativa Agraria {n}")
    short_name = factory.Sequence(lambda n: f"Coop {n}")
    country = "PE"
    country_network = factory.LazyAttribute(lambda o: CountryNetworkFactory(country=str(o.country)))
    region = "Cusco"
    municipality = "Quillabamba"
    email = factory.Sequence(lambda n: f"coop{n}@example.org")
    membership_status = MembershipStatus.MEMBER

    @factory.post_generation
    def products(self, create, extracted, **kwargs):
        if create and extracted:
            self.product_networks.set(extracted)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    organization = factory.SubFactory(OrganizationFactory)
    product_network = factory.SubFactory(ProductNetworkFactory)
    annual_volume = Decimal("1200")
    unit = Product.Unit.QUINTAL
    form = Product.Form.RAW


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"M{n:05d}")
    name = factory.Sequence(lambda n: f"Socio {n}")
    gender = "f"
    birth_year = 1980
    community = "Santa Teresa"
    total_area_ha = Decimal("4")
    production_area_ha = Decimal("3")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    kind = RoleKind.ORG_ADMIN


def grant(user, kind, **scope) -> Role:
    return Role.objects.create(user=user, kind=kind, **scope)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf_upload(name: str = "estatutos.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    organization = factory.SubFactory(OrganizationFactory)
    doc_type = "statutes"
    title = "Estatutos"
