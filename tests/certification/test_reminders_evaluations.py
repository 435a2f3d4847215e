"""Evaluations and corrective actions walked through time (certification/reminders/
evaluations.py): the evaluation a week ahead to the team and the cooperative (again when
replanned, never once started); a corrective action a week before its due date, then
every week while it waits for review, one week's notice at a time however many weeks a
sweep missed, and none once it is reviewed."""

import datetime

import pytest

from certification.models import EvaluationType, FindingResult, RiskLevel
from certification.services import evaluations as services
from certification.services.reports import report_make
from network.models import ReminderClaim, RoleKind
from network.reminders import rule_named
from tests.certification.evaluation_helpers import body_person, ready_application, record_all
from tests.certification.factories import StandardVersionFactory
from tests.certification.reminder_walk import Walk, emails_sent
from tests.fixtures.personas import make_user
from tests.producers.factories import CertificationBodyFactory, grant

START = datetime.date(2027, 3, 1)
SOON, OVERDUE = "certification.corrective_action_soon", "certification.corrective_action_overdue"
EVALUATION_SOON = "certification.evaluation_soon"


@pytest.fixture
def walk():
    return Walk(START, ["evaluations", "corrective_actions"])


@pytest.fixture
def people(walk, coop_a, coop_a_admin):
    def make():
        body = CertificationBodyFactory(name="Certificadora Andina")
        lead = body_person(body, "lidia@andina.example.org", cleared_for=[coop_a],
                           full_name="Lidia Lead")  # fmt: skip
        lead.language = "en"
        lead.save(update_fields=["language"])
        member = body_person(body, "tomas@andina.example.org", cleared_for=[coop_a])
        viewer = make_user("vera@example.org")  # sees the file, does not act on it
        grant(viewer, RoleKind.ORG_VIEWER, organization=coop_a)
        small = StandardVersionFactory(criteria=3)
        application = ready_application(organization=coop_a, body=body, standard_version=small)
        return {"lead": lead, "member": member, "admin": coop_a_admin, "application": application}

    return walk.do(0, make)


def plan(people, walk, start_day):
    return services.evaluation_plan(
        application=people["application"], by=people["lead"],
        evaluation_type=EvaluationType.ON_SITE, planned_start_on=walk.date(start_day),
        planned_end_on=walk.date(start_day + 2), lead_evaluator=people["lead"],
        risk_level=RiskLevel.LOW, risk_rationale="Sin no conformidades previas ni quejas.",
        team=[people["member"]],
    )  # fmt: skip


def test_an_evaluation_is_announced_a_week_ahead_and_again_when_replanned(walk, people):
    lead, member, admin = people["lead"], people["member"], people["admin"]
    evaluation = walk.do(0, lambda: plan(people, walk, 20))
    walk.through(1, 14)

    def replan():
        data = {"evaluation_type": EvaluationType.ON_SITE, "planned_start_on": walk.date(30),
                "planned_end_on": walk.date(31), "lead_evaluator": lead,
                "risk_level": RiskLevel.LOW, "risk_rationale": "Sin cambios."}  # fmt: skip
        return services.evaluation_replan(
            evaluation=evaluation, by=lead, version=evaluation.version, data=data, team=[member]
        )

    walk.do(15, replan)
    walk.through(15, 25, skip={23})  # the new notice's morning was missed: caught up
    walk.do(30, lambda: services.evaluation_start(evaluation=evaluation, by=lead))
    walk.through(30, 40)

    everyone = sorted([lead.email, member.email, admin.email])
    assert walk.log == [
        *[(13, EVALUATION_SOON, to) for to in everyone],
        *[(24, EVALUATION_SOON, to) for to in everyone],
    ]
    sent = {(m.to[0], m.subject) for m in emails_sent() if m.to[0] in everyone}
    reference = f"{people['application'].reference}-E{evaluation.pk}"
    assert (lead.email, f"{reference}: the evaluation starts on March 31, 2027") in sent
    assert (admin.email, f"{reference}: la evaluación empieza el 31 de marzo de 2027") in sent


@pytest.fixture
def action_due_on_day_30(walk, people):
    """An issued report with one non-compliance, answered on day 2 by an action due on
    day 30."""
    lead, admin = people["lead"], people["admin"]

    def answer():
        evaluation = services.evaluation_start(evaluation=plan(people, walk, 0), by=lead)
        failed = evaluation.findings.select_related("criterion").first().criterion.code
        record_all(evaluation, lead, non_compliant={failed})
        services.evaluation_submit(evaluation=evaluation, by=lead)
        report_make(report_id=evaluation.reports.get().pk)
        evaluation.refresh_from_db()
        finding = evaluation.findings.get(result=FindingResult.NON_COMPLIANT)
        return services.corrective_action_propose(
            finding=finding, by=admin, action="Convocar la asamblea extraordinaria.",
            responsible="Rosa Quispe", due_on=walk.date(30),
        )  # fmt: skip

    return walk.do(2, answer)


def test_a_corrective_action_is_reminded_before_and_weekly_while_overdue(
    walk, people, action_due_on_day_30
):
    lead, admin = people["lead"], people["admin"]
    walk.through(2, 45)
    walk.through(60, 61)  # nobody swept from day 46 to 59: only this week's notice goes
    walk.do(62, lambda: services.corrective_action_review(
        corrective_action=action_due_on_day_30, by=lead, accept=True))  # fmt: skip
    walk.through(62, 80)

    assert sorted({(day, rule) for day, rule, _to in walk.log}) == [
        (23, SOON),
        (31, OVERDUE),  # the day after the due date
        (38, OVERDUE),
        (45, OVERDUE),
        (60, OVERDUE),  # the week that began on day 59; days 52's week is not sent late
    ]
    assert {to for _day, _rule, to in walk.log} == {lead.email, admin.email}  # not the team
    overdue = ReminderClaim.objects.filter(rule=OVERDUE, recipient=f"user:{lead.pk}")
    assert sorted(claim.occurrence for claim in overdue) == [
        walk.date(day).isoformat() for day in (31, 38, 45, 59)
    ]
    reference = action_due_on_day_30.finding.evaluation.reference
    code = action_due_on_day_30.finding.criterion.code
    proposed = f"{reference}: a corrective action for {code} to review"  # not a reminder
    to_lead = [m.subject for m in emails_sent() if m.to[0] == lead.email]
    assert to_lead.count(proposed) == 1
    subjects = [subject for subject in to_lead if "corrective" in subject and subject != proposed]
    assert subjects[0] == f"{reference}: corrective action for {code} due on March 31, 2027"
    assert subjects[1:] == [f"{reference}: the corrective action for {code} is overdue"] * 4


def test_the_notice_before_the_due_date_is_optional_and_the_overdue_one_is_not(
    walk, people, action_due_on_day_30
):
    admin = people["admin"]
    walk.through(23, 31)
    emails = [m for m in emails_sent() if m.to[0] == admin.email and "Rosa Quispe" in m.body]
    soon, overdue = emails
    assert soon.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "List-Unsubscribe" not in overdue.extra_headers
    assert not rule_named(SOON).essential and rule_named(OVERDUE).essential


def test_a_rejected_action_is_no_longer_reminded(walk, people, action_due_on_day_30):
    walk.do(10, lambda: services.corrective_action_review(
        corrective_action=action_due_on_day_30, by=people["lead"], accept=False,
        comment="Falta el acta.",
    ))  # fmt: skip
    walk.through(10, 50)
    assert walk.log == []


def test_the_optional_families_are_offered_to_those_who_get_them(client, coop_a_admin):
    """The cooperative may turn off the evaluation and corrective-action reminders (the
    overdue ones still come: essential); certificate and fee notices are not offered."""
    from network.reminders import optional_families

    offered = {family.name for family in optional_families(coop_a_admin)}
    assert {"evaluations", "corrective_actions", "application_drafts"} <= offered
    assert not offered & {"certificate_renewal", "membership_fees"}
    client.force_login(coop_a_admin)
    page = client.get("/notifications/settings/").content.decode()
    assert "Acciones correctivas" in page and "Renovación del certificado" not in page
