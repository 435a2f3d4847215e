"""The self-evaluation at the service and selector layer: which criteria an application
answers, each answer saved version-checked only while the application is in its
self-evaluation, the progress, the register's proposal for the small-producer criterion,
and the guard that keeps an application from "ready for evaluation" while an applicable
critical criterion is unanswered."""

from decimal import Decimal

import pytest

from certification.models import Application, CriterionClass, SelfEvaluationAnswer, Verdict
from certification.selectors import (
    register_proposal,
    self_evaluation_criteria,
    self_evaluation_progress,
)
from certification.services.applications import application_move
from certification.services.self_evaluation import (
    NotApplicable,
    SelfEvaluationClosed,
    answer_save,
)
from network.concurrency import StaleEdit
from network.models import ActivityLog, RoleKind
from network.workflow import GuardFailed
from producers.selectors import organization_small_producer_test
from tests.certification.factories import (
    ApplicationFactory,
    CriterionFactory,
    SectionFactory,
    StandardVersionFactory,
)
from tests.fixtures.personas import make_user
from tests.producers.factories import DocumentFactory, MemberFactory, OrganizationFactory, grant

S = Application.Status
C = CriterionClass


@pytest.fixture
def version(db):
    """Two sections: every class, one criterion for another actor type, one phased in."""
    version = StandardVersionFactory()
    one, two = SectionFactory(standard_version=version), SectionFactory(standard_version=version)
    make = CriterionFactory
    criteria = {
        "critical": make(section=one, code="1.1", criterion_class=C.CRITICAL),
        "minimum": make(section=one, code="1.2", criterion_class=C.MINIMUM),
        "informative": make(section=one, code="1.3", criterion_class=C.INFORMATIVE),
        "buyers": make(section=one, code="1.4", criterion_class=C.CRITICAL,
                       actor_types=["final_buyer"]),
        "improvement": make(section=two, code="2.1", criterion_class=C.IMPROVEMENT),
        "critical2": make(section=two, code="2.2", criterion_class=C.CRITICAL),
        "later": make(section=two, code="2.3", criterion_class=C.CRITICAL,
                      mandatory_from_year=2999),
        "transitional": make(section=two, code="2.4", criterion_class=C.TRANSITIONAL),
    }  # fmt: skip
    version.named = criteria
    return version


@pytest.fixture
def editor(db):
    return make_user("editora@example.org")


@pytest.fixture
def application(version, editor):
    application = ApplicationFactory(standard_version=version, status=S.SELF_EVALUATION)
    grant(editor, RoleKind.ORG_EDITOR, organization=application.organization)
    return application


def save(application, criterion, by, **values):
    values = {"verdict": Verdict.COMPLIES, "how": "Actas de asamblea", "documents": [],
              "version": None, **values}  # fmt: skip
    return answer_save(application=application, criterion=criterion, by=by, **values)


def test_an_application_answers_the_evaluated_criteria_of_its_actor_type(application, version):
    named = version.named
    assert [c.code for c in self_evaluation_criteria(application)] == ["1.1", "1.2", "2.1", "2.2"]
    buyer = ApplicationFactory(
        standard_version=version, organization=OrganizationFactory(actor_type="final_buyer")
    )
    assert list(self_evaluation_criteria(buyer)) == [named["buyers"]]


def test_an_answer_is_saved_logged_and_moved_on_by_version(application, version, editor):
    statutes = DocumentFactory(organization=application.organization, title="Estatutos")
    answer = save(application, version.named["critical"], editor, documents=[statutes])

    assert (answer.version, answer.verdict, answer.answered_by) == (1, "complies", editor)
    assert list(answer.documents.all()) == [statutes]
    entry = ActivityLog.objects.get(verb="self_evaluation.answered")
    assert entry.actor == editor
    assert (entry.scope_type, entry.scope_id) == ("certification.application", str(application.pk))
    assert entry.changes["criterion"] == "1.1"
    assert entry.changes["verdict"] == [None, "complies"]
    assert entry.changes["documents"] == [None, "Estatutos"]

    changed = save(application, version.named["critical"], editor, verdict="does_not_comply",
                   version=1)  # fmt: skip
    assert changed.version == 2 and changed.verdict == "does_not_comply"
    assert list(changed.documents.all()) == []


def test_saving_what_is_stored_changes_nothing(application, version, editor):
    save(application, version.named["critical"], editor)
    again = save(application, version.named["critical"], editor, how="  Actas de asamblea ",
                 version=1)  # fmt: skip
    assert again.version == 1
    assert SelfEvaluationAnswer.objects.get().version == 1
    assert ActivityLog.objects.filter(verb="self_evaluation.answered").count() == 1


def test_a_save_on_a_stale_version_is_refused_and_changes_nothing(application, version, editor):
    criterion = version.named["minimum"]
    save(application, criterion, editor, how="Lo que escribió Ana")
    save(application, criterion, editor, how="Lo que escribió Beto", version=1)
    with pytest.raises(StaleEdit) as refused:
        save(application, criterion, editor, how="Lo que escribió Carla", version=1)
    assert refused.value.current.how == "Lo que escribió Beto"
    # Someone answered while the person saw the criterion unanswered: refused too.
    with pytest.raises(StaleEdit):
        save(application, criterion, editor, how="Lo que escribió Dora", version=None)
    stored = SelfEvaluationAnswer.objects.get()
    assert (stored.how, stored.version) == ("Lo que escribió Beto", 2)


@pytest.mark.parametrize("status", [s for s in S.values if s != S.SELF_EVALUATION])
def test_answers_change_only_during_the_self_evaluation(db, version, editor, status):
    application = ApplicationFactory(standard_version=version, status=status)
    with pytest.raises(SelfEvaluationClosed):
        save(application, version.named["critical"], editor)
    assert not SelfEvaluationAnswer.objects.exists()


@pytest.mark.parametrize("name", ["informative", "transitional", "buyers", "later"])
def test_a_criterion_the_application_does_not_answer_is_refused(application, version, editor,
                                                                name):  # fmt: skip
    with pytest.raises(NotApplicable):
        save(application, version.named[name], editor)
    other_version = StandardVersionFactory(in_force_from="2026-01-01", criteria=1)
    with pytest.raises(NotApplicable):
        save(application, other_version.criteria.get(), editor)
    assert not SelfEvaluationAnswer.objects.exists()


def test_a_document_of_another_organization_is_refused(application, version, editor):
    foreign = DocumentFactory(organization=OrganizationFactory())
    with pytest.raises(NotApplicable):
        save(application, version.named["critical"], editor, documents=[foreign])
    assert not SelfEvaluationAnswer.objects.exists()


def test_progress_counts_answers_with_a_verdict_per_section(application, version, editor):
    named = version.named
    save(application, named["critical"], editor)
    save(application, named["improvement"], editor, verdict=Verdict.NOT_APPLICABLE)
    save(application, named["minimum"], editor, verdict="")  # only words typed so far

    progress = self_evaluation_progress(application)
    assert (progress.answered, progress.total, progress.percent) == (2, 4, 50)
    assert [(s.section.code, s.answered, s.total) for s in progress.sections] == [
        (named["critical"].section.code, 1, 2),
        (named["improvement"].section.code, 1, 2),
    ]
    assert progress.unanswered_critical == [named["critical2"]]


def test_submitting_is_refused_until_every_applicable_critical_criterion_is_answered(
    application, version, editor
):
    named = version.named
    with pytest.raises(GuardFailed) as refused:
        application_move(application=application, transition="complete_self_evaluation",
                         by=editor)  # fmt: skip
    assert "2" in str(refused.value) and "1.1, 2.2" in str(refused.value)
    assert Application.objects.get().status == S.SELF_EVALUATION

    save(application, named["critical"], editor, verdict=Verdict.DOES_NOT_COMPLY)
    save(application, named["critical2"], editor, verdict=Verdict.NOT_APPLICABLE)
    # The minimum and improvement criteria are best answered, but do not block.
    application_move(application=application, transition="complete_self_evaluation", by=editor)
    assert Application.objects.get().status == S.READY_FOR_EVALUATION
    with pytest.raises(SelfEvaluationClosed):
        save(application, named["minimum"], editor)


def test_the_register_proposes_the_small_producer_answer(db):
    organization = OrganizationFactory()
    for _number in range(9):
        MemberFactory(organization=organization, production_area_ha=Decimal("3"))
    MemberFactory(organization=organization, production_area_ha=Decimal("20"))

    proposal = register_proposal(organization_small_producer_test(organization))
    assert proposal["verdict"] == Verdict.COMPLIES
    assert "10" in proposal["how"] and "90" in proposal["how"]

    MemberFactory(organization=organization, production_area_ha=Decimal("40"))  # beyond twice
    proposal = register_proposal(organization_small_producer_test(organization))
    assert proposal["verdict"] == Verdict.DOES_NOT_COMPLY

    empty = register_proposal(organization_small_producer_test(OrganizationFactory()))
    assert empty["verdict"] == ""


def test_the_real_standard_marks_its_small_producer_criterion_critical(standard_v1):
    application = ApplicationFactory(standard_version=standard_v1, status=S.SELF_EVALUATION)
    criteria = list(self_evaluation_criteria(application))
    from_register = [c for c in criteria if c.from_member_register]
    assert [c.code for c in from_register] == ["1.1"]
    assert from_register[0].criterion_class == C.CRITICAL
    assert "1.3" not in {c.code for c in criteria}  # collective SPOs only
    assert {c.criterion_class for c in criteria} == {C.CRITICAL, C.MINIMUM, C.IMPROVEMENT}
