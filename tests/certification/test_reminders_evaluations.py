"""Evaluations and corrective actions walked through time (certification/reminders/
evaluations.py): the evaluation a week ahead to the team and the cooperative (again when
replanned, never once started); a corrective action a week before its due date, then
every week while it waits for review, one week's notice at a time however many weeks a
sweep missed, and none once it is reviewed; a non-compliance left without an action (none
proposed, or the last one rejected) a week before the day one is to be proposed by
(CERTIFICATION_CORRECTIVE_ACTION_PROPOSAL_DAYS after the report's issue or the rejection),
then weekly once late, until one is proposed or accepted, never for a closed evaluation."""

import datetime

import pytest
from django.urls import reverse

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
    assert [entry for entry in walk.log if entry[1] in (SOON, OVERDUE)] == []


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


# --- Non-compliances left without a corrective action ---------------------------------------

TO_PROPOSE = "certification.corrective_action_to_propose"
LATE = "certification.corrective_action_proposal_overdue"


@pytest.fixture
def thirty_days(settings):
    settings.CERTIFICATION_CORRECTIVE_ACTION_PROPOSAL_DAYS = 30
    settings.CERTIFICATION_CORRECTIVE_ACTION_NOTICE_DAYS = 7


@pytest.fixture
def issued_on_day_2(walk, people, thirty_days):
    """The report of an evaluation with one non-compliance, issued on day 2: an action is
    to be proposed by day 32."""
    lead = people["lead"]

    def issue():
        evaluation = services.evaluation_start(evaluation=plan(people, walk, 0), by=lead)
        failed = evaluation.findings.select_related("criterion").first().criterion.code
        record_all(evaluation, lead, non_compliant={failed})
        services.evaluation_submit(evaluation=evaluation, by=lead)
        report_make(report_id=evaluation.reports.get().pk)
        evaluation.refresh_from_db()
        return evaluation.findings.select_related("criterion", "evaluation").get(
            result=FindingResult.NON_COMPLIANT
        )

    return walk.do(2, issue)


def propose(walk, people, finding, day, due_day=90):
    return walk.do(day, lambda: services.corrective_action_propose(
        finding=finding, by=people["admin"], action="Convocar la asamblea extraordinaria.",
        responsible="Rosa Quispe", due_on=walk.date(due_day),
    ))  # fmt: skip


def review(walk, people, action, day, *, accept, comment=""):
    return walk.do(day, lambda: services.corrective_action_review(
        corrective_action=action, by=people["lead"], accept=accept, comment=comment,
    ))  # fmt: skip


def notices(walk):
    return sorted({(day, rule) for day, rule, _to in walk.log if rule in (TO_PROPOSE, LATE)})


def test_a_non_compliance_never_answered_is_reminded_before_and_weekly_once_late(
    walk,
    people,
    issued_on_day_2,
):
    lead, admin = people["lead"], people["admin"]
    walk.through(2, 48)
    walk.through(20, 48)  # swept again: nothing twice
    assert notices(walk) == [(25, TO_PROPOSE), (33, LATE), (40, LATE), (47, LATE)]
    assert {to for _day, _rule, to in walk.log} == {lead.email, admin.email}  # not the team
    assert len(walk.log) == 4 * 2
    late = ReminderClaim.objects.filter(rule=LATE, recipient=f"user:{admin.pk}")
    deadline = walk.date(32).isoformat()
    assert sorted(claim.occurrence for claim in late) == [
        f"{deadline}/{walk.date(day).isoformat()}" for day in (33, 40, 47)
    ]
    assert not rule_named(TO_PROPOSE).essential and rule_named(LATE).essential

    propose(walk, people, issued_on_day_2, 50)  # answered: no more of these notices
    walk.through(50, 75)
    assert notices(walk)[-1] == (47, LATE)


def test_a_late_sweep_sends_only_the_current_weeks_notice(walk, people, issued_on_day_2):
    walk.through(2, 34)
    walk.through(59, 60)  # nobody swept from day 35 to 58
    assert notices(walk) == [(25, TO_PROPOSE), (33, LATE), (59, LATE)]
    late = ReminderClaim.objects.filter(rule=LATE).values_list("occurrence", flat=True)
    assert {occurrence.split("/")[1] for occurrence in late} == {  # the week of day 54 only
        walk.date(33).isoformat(),
        walk.date(54).isoformat(),
    }


def test_a_rejection_sets_a_new_day_to_propose_by(walk, people, issued_on_day_2):
    action = propose(walk, people, issued_on_day_2, 5)
    walk.through(2, 9)
    review(walk, people, action, 10, accept=False, comment="Falta el acta de la asamblea.")
    walk.through(10, 49)
    # To be proposed by day 40 (ten days after the report's own deadline would have been
    # reminded on day 25 and 33: none of those, an action was waiting then).
    assert notices(walk) == [(33, TO_PROPOSE), (41, LATE), (48, LATE)]
    assert not [entry for entry in walk.log if entry[1] in (SOON, OVERDUE)]

    # A new proposal stops them; its rejection starts a new count (day 55 + 30 = 85).
    second = propose(walk, people, issued_on_day_2, 50)
    walk.through(50, 54)
    review(walk, people, second, 55, accept=False, comment="Sigue faltando el acta.")
    walk.through(55, 86)
    assert notices(walk)[3:] == [(78, TO_PROPOSE), (86, LATE)]


def test_an_accepted_action_stops_them(walk, people, issued_on_day_2):
    action = propose(walk, people, issued_on_day_2, 5)
    review(walk, people, action, 6, accept=True)
    walk.through(2, 60)
    assert notices(walk) == []


def test_a_closed_evaluation_has_none(walk, people, issued_on_day_2):
    evaluation = issued_on_day_2.evaluation
    walk.do(3, lambda: services.evaluation_close(evaluation=evaluation, by=people["lead"]))
    walk.through(2, 60)
    assert notices(walk) == []


def test_the_email_names_the_non_compliance_and_the_rejection_in_each_language(
    walk,
    people,
    issued_on_day_2,
):
    lead, admin = people["lead"], people["admin"]  # the lead reads English, the admin Spanish
    action = propose(walk, people, issued_on_day_2, 5)
    review(walk, people, action, 10, accept=False, comment="Falta el acta de la asamblea.")
    walk.through(33, 41)
    finding = issued_on_day_2
    evaluation, code = finding.evaluation, finding.criterion.code
    reference = evaluation.reference
    propose_url = "http://localhost:8000" + reverse(
        "certification:corrective_action_propose", args=[evaluation.pk, finding.pk]
    )
    by_person = {}
    for message in emails_sent():
        if f"criterio {code}." in message.body or f"criterion {code}." in message.body:
            by_person.setdefault(message.to[0], []).append(message)
    soon_en, late_en = by_person[lead.email]
    assert (
        soon_en.subject == f"{reference}: propose a corrective action for {code} by April 10, 2027"
    )
    assert (
        late_en.subject == f"{reference}: a corrective action for {code} is overdue to be proposed"
    )
    body = soon_en.body
    organization = evaluation.application.organization
    name = organization.short_name or organization.legal_name
    comment = "Falta el acta de la asamblea."
    for expected in (name, reference, code, f"Text of criterion {code}.", comment, propose_url,
                     f"#nc-{finding.pk}"):  # fmt: skip
        assert expected in body, expected
    assert "Texto del criterio" not in body
    assert "every week until a corrective action is proposed" in late_en.body

    soon_es, late_es = by_person[admin.email]
    for expected in (name, reference, f"Texto del criterio {code}.",
                     "Falta el acta de la asamblea.", propose_url):  # fmt: skip
        assert expected in soon_es.body, expected
    assert "10 de abril de 2027" in soon_es.subject
    assert "List-Unsubscribe" in soon_es.extra_headers
    assert "List-Unsubscribe" not in late_es.extra_headers
    html = {part[1]: part[0] for part in late_es.alternatives}["text/html"]
    assert propose_url in html and "Falta el acta de la asamblea." in html
