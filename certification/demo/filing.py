"""The procedure's first steps, up to the self-evaluation: the cooperative files, the
certification body's reviewer reviews and quotes, the public may object, the
cooperative accepts the quote and evaluates itself."""

from decimal import Decimal

from certification.demo.library import demo_upload, library_stock, profile_complete
from certification.demo.story import INITIAL, DemoFile, today
from certification.models import Application, SelfEvaluationAnswer, Verdict
from certification.selectors.self_evaluation import self_evaluation_criteria
from certification.services.applications import application_create, application_move
from certification.services.applications import application_section_save as section_save
from certification.services.objections import objection_create
from certification.services.reviews import quote_send
from certification.services.self_evaluation import answer_save
from producers.models import Member


def started(demo: DemoFile) -> None:
    """The cooperative starts an application (a renewal from its last decided one)."""
    organization = demo.organization = profile_complete(
        demo.organization, by=demo.staff.admin, contact_name=demo.staff.admin.full_name
    )
    previous = None
    if demo.story.kind != INITIAL:
        previous = (
            organization.applications.filter(status=Application.Status.DECIDED)
            .order_by("-pk")
            .first()
        )
    demo.application = application_create(
        by=demo.staff.filer,
        organization=organization,
        certification_body=demo.body.body,
        kind=demo.story.kind,
        previous=previous,
        planned_evaluation_on=today(60),
    )


def filed(demo: DemoFile) -> None:
    """Every section filled in, the documents chosen from the library, the data vouched
    for, and the application submitted."""
    organization, staff = demo.organization, demo.staff
    documents = library_stock(organization, by=staff.filer, kind=demo.story.kind)
    members = Member.objects.filter(organization=organization, is_active=True).count()
    place = f"{organization.municipality}, {organization.region}"
    sections = [
        ("general", {"fields": {"certification_body": demo.body.body,
                                "planned_evaluation_on": today(60)}}),
        ("organization", {"fields": {
            "invoicing_name": organization.legal_name,
            "invoicing_tax_id": organization.tax_id,
            "invoicing_address": f"Av. Principal 120, {place}",
            "invoicing_email": organization.email,
            "contact_name": staff.admin.full_name,
            "contact_position": "Gerente",
            "contact_email": staff.admin.email,
            "contact_phone": organization.phone,
        }}),
        ("members", {"fields": {"members_total": members, "members_in_scope": members}}),
        ("scope", {"fields": {"scope_activities": ["production", "trading"]}, "rows": []}),
        ("sites", {"rows": [{"kind": "collection", "location": place, "operated_by": "own",
                             "name": f"Centro de acopio {organization.municipality}"}]}),
        ("ics", {"fields": {
            "ics_description": "Cada socio recibe una visita de inspección interna al año; "
            "los inspectores usan el manual del sistema de control interno y sus informes "
            "los revisa el comité de certificación de la cooperativa.",
            "ics_inspectors": max(2, members // 10),
            "ics_last_inspection_on": today(-45),
        }}),
        ("certifications", {"fields": {"sales_organic_percent": Decimal("35"),
                                       "sales_fair_trade_percent": Decimal("40"),
                                       "sales_sps_percent": Decimal("15")},
                            "rows": [{"scheme": "Orgánico UE", "certifier": "Control Union",
                                      "valid_until": today(200),
                                      "recent_non_compliances": ""}]}),
        ("map", {"area_map": demo_upload("mapa-parcelas.pdf", "Mapa de parcelas",
                                         organization.legal_name, place)}),
        ("documents", {"documents": documents}),
        ("declaration", {"fields": {"vouched_by_name": staff.admin.full_name,
                                    "vouched_by_position": "Gerente"}, "vouch": True}),
    ]  # fmt: skip
    for section, arguments in sections:
        demo.application = section_save(
            application=demo.application,
            by=staff.filer,
            section=section,
            version=demo.application.version,
            **arguments,
        )
    move(demo, "submit", staff.filer)


def move(demo: DemoFile, transition: str, by, reason: str = "") -> None:
    application_move(application=demo.application, transition=transition, by=by, reason=reason)


def review_started(demo: DemoFile) -> None:
    move(demo, "start_review", demo.body.reviewer)


def objections_opened(demo: DemoFile) -> None:
    move(demo, "open_objections", demo.body.reviewer)


def objection_received(demo: DemoFile) -> None:
    """Someone from the public objects through /objections/."""
    objection_create(
        application=demo.application,
        name="Ernesto Salas",
        organization="Asociación de Productores Independientes",
        email="ernesto.salas@minga.test",
        reasons="Parte del producto que la organización acopia viene de fincas de más de "
        "30 ha que no son socias; pedimos que la evaluación revise el padrón y los "
        "registros de acopio.",
        language="es",
    )


def objections_closed(demo: DemoFile) -> None:
    move(demo, "close_objections", demo.body.reviewer)


def accepted(demo: DemoFile) -> None:
    move(demo, "accept", demo.body.reviewer)


def quote_sent(demo: DemoFile) -> None:
    """The body's quote; its PDF is made by the reports worker once it runs."""
    quote_send(
        application=demo.application,
        by=demo.body.reviewer,
        amount=Decimal("1850.00"),
        currency="USD",
        valid_until=today(45),
        notes="Dos días de evaluación en campo con un evaluador, viáticos e informe. Pago "
        "por transferencia antes de la visita.",
    )


def quote_accepted(demo: DemoFile) -> None:
    move(demo, "accept_quote", demo.staff.filer)


HOW = [
    "Lo muestran las actas de asamblea y los registros de la oficina.",
    "El manual del sistema de control interno lo establece y los informes de inspección "
    "lo confirman.",
    "Se cumple en todas las parcelas; lo revisan los inspectores internos cada año.",
    "Consta en los contratos y en la contabilidad de la cooperativa.",
]


def _answer(demo: DemoFile, share: float) -> None:
    """The cooperative answers the first `share` of its criteria (all: 1) that it has
    not answered yet."""
    criteria = list(self_evaluation_criteria(demo.application))
    answered = set(
        SelfEvaluationAnswer.objects.filter(application=demo.application).values_list(
            "criterion_id", flat=True
        )
    )
    for index, criterion in enumerate(criteria[: round(len(criteria) * share)]):
        if criterion.pk in answered:
            continue
        answer_save(
            application=demo.application,
            criterion=criterion,
            by=demo.staff.filer,
            verdict=Verdict.COMPLIES,
            how=HOW[index % len(HOW)],
            documents=[],
            version=None,
        )


def answers_started(demo: DemoFile) -> None:
    _answer(demo, demo.story.answered)


def self_evaluated(demo: DemoFile) -> None:
    _answer(demo, 1)
    move(demo, "complete_self_evaluation", demo.staff.filer)
