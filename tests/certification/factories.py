"""Factories of the certification app, and the real standard files for tests that need
the whole thing (`load_standard_file`)."""

import datetime

import factory
from django.utils import timezone

from certification.dates import period_end
from certification.models import (
    Application,
    ApplicationKind,
    ConflictDeclaration,
    Criterion,
    CriterionClass,
    Objection,
    Section,
    SelfEvaluationAnswer,
    StandardVersion,
    Verdict,
)
from certification.services.standard import standard_load
from certification.standard_file import read_standard
from tests.fixtures.personas import make_user
from tests.producers.factories import CertificationBodyFactory, OrganizationFactory


def load_standard_file(name: str = "sps-spo-1.yaml", *, publish: bool = True) -> StandardVersion:
    """A version of the standard as the portal loads it (certification/standards/)."""
    return standard_load(standard=read_standard(name), publish=publish).version


class StandardVersionFactory(factory.django.DjangoModelFactory):
    """A small version: pass `criteria=N` for N critical criteria in one section."""

    class Meta:
        model = StandardVersion
        skip_postgeneration_save = True

    code = "sps-test"
    label = factory.Sequence(str)
    title_es = factory.LazyAttribute(lambda o: f"Norma de prueba {o.label}")
    title_en = factory.LazyAttribute(lambda o: f"Test standard {o.label}")
    in_force_from = datetime.date(2025, 1, 1)
    status = StandardVersion.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if create and extracted:
            section = SectionFactory(standard_version=self)
            CriterionFactory.create_batch(extracted, standard_version=self, section=section)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    standard_version = factory.SubFactory(StandardVersionFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n + 1)
    name_es = factory.LazyAttribute(lambda o: f"Sección {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Section {o.code}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    standard_version = factory.LazyAttribute(lambda o: o.section.standard_version)
    section = factory.SubFactory(SectionFactory)
    code = factory.Sequence(lambda n: f"{n // 10 + 1}.{n % 10 + 1}")
    position = factory.Sequence(lambda n: n + 1)
    text_es = factory.LazyAttribute(lambda o: f"Texto del criterio {o.code}.")
    text_en = factory.LazyAttribute(lambda o: f"Text of criterion {o.code}.")
    criterion_class = CriterionClass.CRITICAL
    actor_types = factory.LazyFunction(lambda: ["spo", "collective_spo"])
    checked_in_desk = factory.LazyAttribute(lambda o: o.criterion_class == CriterionClass.CRITICAL)


class ConflictDeclarationFactory(factory.django.DjangoModelFactory):
    """A declaration made `declared_on` (default today), valid for the usual period."""

    class Meta:
        model = ConflictDeclaration

    person = None  # a certification-body person: pass one
    organization = factory.SubFactory(OrganizationFactory)
    outcome = ConflictDeclaration.Outcome.NONE
    details = factory.LazyAttribute(
        lambda o: "" if o.outcome == ConflictDeclaration.Outcome.NONE else "Mi hermano es socio."
    )
    declared_on = factory.LazyFunction(timezone.localdate)
    valid_until = factory.LazyAttribute(lambda o: period_end(o.declared_on, 12))


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application in any state (tests only: the services create drafts)."""

    class Meta:
        model = Application

    organization = factory.SubFactory(OrganizationFactory)
    kind = ApplicationKind.INITIAL
    standard_version = factory.SubFactory(StandardVersionFactory, criteria=2)
    certification_body = factory.SubFactory(CertificationBodyFactory)
    created_by = factory.Sequence(lambda n: make_user(f"applicant{n}@example.org"))


# --- objself: objections and self-evaluation answers ------------------------------------


class ObjectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objection

    application = factory.SubFactory(ApplicationFactory, status=Application.Status.OBJECTION_PERIOD)
    name = factory.Sequence(lambda n: f"Persona que objeta {n}")
    email = factory.Sequence(lambda n: f"objeta{n}@example.org")
    reasons = "Compran café a intermediarios y lo venden como propio."
    language = "es"


class SelfEvaluationAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfEvaluationAnswer
        skip_postgeneration_save = True

    application = factory.SubFactory(ApplicationFactory, status=Application.Status.SELF_EVALUATION)
    criterion = None  # one of the application's criteria: pass it
    verdict = Verdict.COMPLIES
    how = "Lo muestran las actas de la asamblea."

    @factory.post_generation
    def documents(self, create, extracted, **kwargs):
        if create and extracted:
            self.documents.set(extracted)
