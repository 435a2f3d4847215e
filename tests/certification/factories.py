"""Factories of the certification app, and the real standard files for tests that need
the whole thing (`load_standard_file`)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from certification.dates import period_end
from certification.models import (
    REQUIRED_DOCUMENTS,
    Application,
    ApplicationKind,
    ConflictDeclaration,
    Criterion,
    CriterionClass,
    EvaluatorCompetence,
    Objection,
    ScopeActivity,
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


class EvaluatorCompetenceFactory(factory.django.DjangoModelFactory):
    """A competence for every activity (and `product_networks=[...]`, none by default),
    valid from a year ago for two years."""

    class Meta:
        model = EvaluatorCompetence
        skip_postgeneration_save = True

    evaluator = None  # an evaluator of the body: pass one
    certification_body = factory.SubFactory(CertificationBodyFactory)
    scope_activities = factory.LazyFunction(
        lambda: [value for value, _label in ScopeActivity.choices]
    )
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))
    basis = "Curso de evaluadores SPS, 2024."
    recorded_by = factory.Sequence(lambda n: make_user(f"quality{n}@example.org"))

    @factory.post_generation
    def product_networks(self, create, extracted, **kwargs):
        if create and extracted:
            self.product_networks.set(extracted)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application in any state (tests only: the services create drafts)."""

    class Meta:
        model = Application

    organization = factory.SubFactory(OrganizationFactory)
    kind = ApplicationKind.INITIAL
    standard_version = factory.SubFactory(StandardVersionFactory, criteria=2)
    certification_body = factory.SubFactory(CertificationBodyFactory)
    created_by = factory.Sequence(lambda n: make_user(f"applicant{n}@example.org"))


# --- Part 3 (cert): resolutions, certificates, complaints and appeals -----------------

import hashlib  # noqa: E402

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402

from certification.models import (  # noqa: E402
    Appeal,
    Certificate,
    Complaint,
    MembershipFee,
    Resolution,
    ResolutionOutcome,
    UserAgreement,
)
from network.activity import activity_record  # noqa: E402
from network.models import RoleKind  # noqa: E402
from tests.producers.factories import grant  # noqa: E402


def shared_test_version() -> StandardVersion:
    """One published test version for every application of a test (a second published
    version starting the same day is refused by the database)."""
    return StandardVersion.objects.filter(code="sps-test").first() or StandardVersionFactory(
        criteria=2
    )


def body_person(email: str, kind: str, body, *organizations, full_name: str = ""):
    """A certification-body person with MFA, cleared ("no conflict") for `organizations`."""
    user = make_user(email, full_name=full_name or email.split("@")[0].title())
    grant(user, kind, certification_body=body)
    TOTP.activate(user, generate_totp_secret())
    for organization in organizations:
        ConflictDeclarationFactory(person=user, organization=organization)
    return user


def committee_member(email, body, *organizations, **kwargs):
    return body_person(email, RoleKind.COMMITTEE, body, *organizations, **kwargs)


def evaluated_file(
    *, reviewer=None, evaluator=None, kind=ApplicationKind.INITIAL, **fields
) -> Application:
    """An application ready for its resolution, with the history and the records the
    checklist reads: submitted, reviewed by `reviewer`, objection period over (initial
    ones), quote accepted, evaluated by `evaluator` (see `evaluation_done`). Built
    directly (the other parts' guards are not ours to pass)."""
    today = timezone.localdate()
    fields.setdefault("standard_version", shared_test_version())
    application = ApplicationFactory(
        status=Application.Status.EVALUATED,
        kind=kind,
        submitted_at=timezone.now() - datetime.timedelta(days=60),
        objection_starts_on=today - datetime.timedelta(days=40) if kind == "initial" else None,
        objection_ends_on=today - datetime.timedelta(days=25) if kind == "initial" else None,
        **fields,
    )
    steps = [("application.review_started", reviewer)]
    steps.append(("application.objections_opened" if kind == "initial" else "application.accepted",
                  reviewer))  # fmt: skip
    steps += [("application.quote_sent", reviewer),
              ("application.quote_accepted", application.created_by)]  # fmt: skip
    for verb, actor in steps:
        activity_record(actor=actor, verb=verb, target=application, scope=application.organization)
    evaluation_done(application, lead=evaluator)
    return application


def evaluation_done(application, *, lead=None, non_compliant=(), report=True):
    """A finished evaluation of `application`, built directly, as the resolution's
    checklist wants it: on-site after a medium risk assessment, led by `lead` (an
    evaluator of the body, cleared and competent for the application's scope: made when
    not given), a result for every criterion (non-compliant for the codes in
    `non_compliant`, compliant otherwise), and its report made (`report=False`: none)."""
    from certification.models import (
        Evaluation,
        EvaluationReport,
        EvaluationType,
        Finding,
        FindingResult,
        RiskLevel,
    )

    body, organization = application.certification_body, application.organization
    if lead is None:
        lead = body_person(f"lead{application.pk}@example.org", RoleKind.EVALUATOR, body,
                           organization, full_name=f"Lead Evaluator {application.pk}")  # fmt: skip
    if not EvaluatorCompetence.objects.filter(evaluator=lead, certification_body=body).exists():
        EvaluatorCompetenceFactory(
            evaluator=lead,
            certification_body=body,
            product_networks=list(
                {product.product_network for product in application.products.all()}
            ),
        )
    now, today = timezone.now(), timezone.localdate()
    evaluation = Evaluation.objects.create(
        application=application,
        evaluation_type=EvaluationType.ON_SITE,
        planned_start_on=today - datetime.timedelta(days=20),
        planned_end_on=today - datetime.timedelta(days=19),
        lead_evaluator=lead,
        created_by=lead,
        status=Evaluation.Status.REPORT_ISSUED,
        risk_level=RiskLevel.MEDIUM,
        risk_rationale="Primera certificación; sin quejas registradas.",
        risk_assessed_by=lead,
        risk_assessed_at=now - datetime.timedelta(days=30),
        started_at=now - datetime.timedelta(days=20),
        submitted_at=now - datetime.timedelta(days=18),
    )
    Finding.objects.bulk_create(
        Finding(
            evaluation=evaluation,
            criterion=criterion,
            result=FindingResult.NON_COMPLIANT
            if criterion.code in non_compliant
            else FindingResult.COMPLIANT,
            comment="Visto en campo.",
            updated_by=lead,
        )
        for criterion in application.standard_version.criteria.all()
    )
    if report:
        EvaluationReport.objects.create(
            evaluation=evaluation,
            number=1,
            language="es",
            status=EvaluationReport.Status.DONE,
            file_name=f"reports/evaluations/{evaluation.pk}/report-v1.pdf",
            sha256="0" * 64,
            generated_at=now - datetime.timedelta(days=18),
        )
    return evaluation


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution
        skip_postgeneration_save = True

    application = factory.SubFactory(
        ApplicationFactory,
        status=Application.Status.DECIDED,
        standard_version=factory.LazyFunction(shared_test_version),
    )
    application_version = factory.LazyAttribute(lambda o: o.application.version)
    outcome = ResolutionOutcome.GRANTED
    reasons = "Cumple los criterios aplicables."
    scope_activities = factory.LazyFunction(lambda: ["production"])
    decided_by = factory.Sequence(lambda n: make_user(f"committee{n}@example.org"))

    @factory.post_generation
    def scope_products(self, create, extracted, **kwargs):
        if create:
            self.scope_products.set(
                extracted
                if extracted is not None
                else self.application.organization.product_networks.all()
            )


class UserAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserAgreement

    resolution = factory.SubFactory(ResolutionFactory)
    organization = factory.LazyAttribute(lambda o: o.resolution.application.organization)
    text_version = "2026-1"
    accepted_by = factory.LazyAttribute(lambda o: o.resolution.application.created_by)


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate as issued (tests only: the service issues them)."""

    class Meta:
        model = Certificate
        skip_postgeneration_save = True

    user_agreement = factory.SubFactory(UserAgreementFactory)
    resolution = factory.LazyAttribute(lambda o: o.user_agreement.resolution)
    organization = factory.LazyAttribute(lambda o: o.resolution.application.organization)
    certification_body = factory.LazyAttribute(
        lambda o: o.resolution.application.certification_body
    )
    standard_version = factory.LazyAttribute(lambda o: o.resolution.application.standard_version)
    country = factory.LazyAttribute(lambda o: str(o.organization.country))
    number = factory.Sequence(lambda n: f"SPS-PE-2025-{n + 5000:04d}")
    scope_activities = factory.LazyFunction(lambda: ["production"])
    valid_from = factory.LazyFunction(timezone.localdate)
    valid_until = factory.LazyAttribute(lambda o: period_end(o.valid_from, 12))
    language = "es"
    issued_by = factory.LazyAttribute(lambda o: o.user_agreement.accepted_by)

    @factory.post_generation
    def scope_products(self, create, extracted, **kwargs):
        if create:
            self.scope_products.set(
                extracted if extracted is not None else self.organization.product_networks.all()
            )


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    about = Complaint.About.NETWORK
    text = "Una queja sobre la red."
    email = factory.Sequence(lambda n: f"complainant{n}@example.org")
    token_hash = factory.Sequence(lambda n: hashlib.sha256(f"token-{n}".encode()).hexdigest())


class AppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appeal

    resolution = factory.SubFactory(ResolutionFactory)
    organization = factory.LazyAttribute(lambda o: o.resolution.application.organization)
    grounds = "La resolución no consideró nuestras evidencias."
    filed_by = factory.LazyAttribute(lambda o: o.resolution.application.created_by)


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


# --- Applications ready to file (issue 9, `apply`) -------------------------------------


def ready_organization(organization, *, by, members: int = 10):
    """Make an organization pass readiness: the profile the application needs, a
    product, a register of small producers, and every document any type of application
    needs, valid from a month ago for a year."""
    from network.files import validate_upload
    from producers.services.documents import document_create
    from tests.producers.factories import MemberFactory, ProductFactory, pdf_upload

    type(organization).objects.filter(pk=organization.pk).update(
        legal_form="Cooperativa agraria",
        tax_id="20123456789",
        contact_name="Rosa Quispe",
        phone="+51 84 123456",
        email=organization.email or "coop@example.org",
        region=organization.region or "Cusco",
        municipality=organization.municipality or "Quillabamba",
    )
    organization.refresh_from_db()
    if not organization.products.exists():
        ProductFactory(organization=organization)
    MemberFactory.create_batch(members, organization=organization)
    today = timezone.localdate()
    needed = {doc_type for types in REQUIRED_DOCUMENTS.values() for doc_type in types}
    for doc_type in sorted(needed):
        upload = pdf_upload(f"{doc_type}.pdf")
        document_create(
            organization=organization,
            by=by,
            data={
                "doc_type": doc_type,
                "title": f"{doc_type} {organization.pk}",
                "valid_from": today - datetime.timedelta(days=30),
                "valid_until": today + datetime.timedelta(days=365),
            },
            uploaded=upload,
            checked=validate_upload(upload),
        )
    return organization


def complete_application(application, *, by):
    """Fill every section through the services, as a cooperative would."""
    from certification.services.applications import application_section_save
    from network.files import validate_upload
    from tests.producers.factories import ProductNetworkFactory, pdf_upload

    def save(section, **arguments):
        nonlocal application
        application = application_section_save(
            application=application,
            by=by,
            section=section,
            version=application.version,
            **arguments,
        )

    today = timezone.localdate()
    save(
        "general",
        fields={
            "certification_body": application.certification_body,
            "planned_evaluation_on": today + datetime.timedelta(days=60),
        },
    )
    save(
        "organization",
        fields={
            "invoicing_name": application.organization.legal_name,
            "invoicing_tax_id": "20123456789",
            "invoicing_address": "Jr. Cusco 123, Quillabamba",
            "invoicing_email": "pagos@example.org",
            "contact_name": "Rosa Quispe",
            "contact_position": "Gerente",
            "contact_email": "rosa@example.org",
            "contact_phone": "+51 84 123456",
        },
    )
    save("members", fields={"members_total": 10, "members_in_scope": 10})
    save(
        "products",
        rows=[
            {
                "product_network": ProductNetworkFactory(slug="coffee"),
                "description": "café pergamino",
                "volume": Decimal("1200"),
                "unit": "qq",
                "form": "raw",
                "destination": "Europa",
                "brand": "none",
            }
        ],
    )
    save("scope", fields={"scope_activities": ["production", "trading"]}, rows=[])
    save(
        "sites",
        rows=[
            {
                "kind": "collection",
                "name": "Centro de acopio Huayopata",
                "location": "Huayopata",
                "operated_by": "own",
            }
        ],
    )
    save(
        "ics",
        fields={
            "ics_description": "Inspección interna anual de cada socio.",
            "ics_inspectors": 4,
            "ics_last_inspection_on": None,
        },
    )
    save(
        "certifications",
        fields={
            "sales_organic_percent": Decimal("40"),
            "sales_fair_trade_percent": Decimal("30"),
            "sales_sps_percent": Decimal("20"),
        },
        rows=[],
    )
    upload = pdf_upload("mapa.pdf")
    save("map", area_map=(upload, validate_upload(upload)))
    library = application.organization.documents.all()
    save(
        "documents",
        documents={
            requirement: library.filter(doc_type=requirement).first()
            for requirement in REQUIRED_DOCUMENTS[application.kind]
        },
    )
    save(
        "declaration",
        fields={"vouched_by_name": "Rosa Quispe", "vouched_by_position": "Presidenta"},
        vouch=True,
    )
    return application


def ready_application(*, organization=None, by=None, kind=ApplicationKind.INITIAL, body=None):
    """A complete draft of a ready organization, filed by `by` (an editor by default)."""
    from certification.selectors import standard_in_force
    from certification.services.applications import application_create
    from tests.producers.factories import grant

    if standard_in_force() is None:
        load_standard_file()
    organization = organization or OrganizationFactory()
    if by is None:
        by = make_user(f"editor{organization.pk}@example.org")
        grant(by, "org_editor", organization=organization)
    ready_organization(organization, by=by)
    application = application_create(
        by=by,
        organization=organization,
        certification_body=body or CertificationBodyFactory(),
        kind=kind,
    )
    return complete_application(application, by=by)


class MembershipFeeFactory(factory.django.DjangoModelFactory):
    """A fee as a granted resolution makes it (tests only: the service makes them)."""

    class Meta:
        model = MembershipFee

    resolution = factory.SubFactory(ResolutionFactory)
    organization = factory.LazyAttribute(lambda o: o.resolution.application.organization)
    members = 120
    amount = Decimal("400.00")
    sales_percent = Decimal("0.15")
    currency = "USD"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
