import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from advocacy.models import (
    GOAL_COUNT,
    Campaign,
    CampaignUpdate,
    Declaration,
    DeclarationGoal,
    Resource,
    Signature,
)
from tests.fixtures.personas import make_user


def make_staff(email="staff@example.org", **kwargs):
    """Network staff: a superuser (until roles exist) with TOTP, as staff must have MFA."""
    user = make_user(email, is_staff=True, is_superuser=True, **kwargs)
    TOTP.activate(user, generate_totp_secret())
    return user


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    kind = Campaign.Kind.PETITION
    status = Campaign.Status.PUBLISHED
    slug_es = factory.Sequence(lambda n: f"campana-{n}")
    title_es = factory.Sequence(lambda n: f"Campaña {n}")
    title_en = factory.Sequence(lambda n: f"Campaign {n}")
    summary_es = "Un resumen en castellano."
    summary_en = "A summary in English."
    body_es = "Texto de la campaña.\n\nSegundo párrafo."
    body_en = "Campaign text."
    goal = 100
    published_at = factory.LazyFunction(timezone.now)


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"Firmante{n} Apellido")
    email = factory.Sequence(lambda n: f"signer{n}@example.org")
    country = "PE"
    city = "Cusco"
    language = "es"
    consent_updates = True
    show_publicly = True
    confirmed_at = factory.LazyFunction(timezone.now)


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory, kind=Campaign.Kind.TOWNS, goal=None)
    name = factory.Sequence(lambda n: f"Municipio {n}")
    country = "PE"
    contact_name = "Elena Ríos"
    contact_email = factory.Sequence(lambda n: f"town{n}@example.org")

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create:
            DeclarationGoal.objects.bulk_create(
                DeclarationGoal(declaration=self, number=n, evidence_text=f"evidence {n}")
                for n in range(1, GOAL_COUNT + 1)
            )


class UpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignUpdate

    campaign = factory.SubFactory(CampaignFactory)
    language = "es"
    subject = "Novedades de la campaña"
    body = "Entregamos las firmas."


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Estudio {n}")
    kind = Resource.Kind.STUDY
    language = "es"
    link = "https://example.org/study.pdf"
    tags = factory.LazyFunction(lambda: ["clima"])
