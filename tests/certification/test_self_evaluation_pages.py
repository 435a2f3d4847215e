"""The self-evaluation pages: the overview with its progress and submission, one page
per section with a form per criterion (saved without JavaScript by its button, with htmx
as the person goes), read-only for everyone but the organization's editors while the
application is in its self-evaluation; constant queries whatever the number of criteria."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certification.models import Application, CriterionClass, SelfEvaluationAnswer
from certification.selectors import self_evaluation_criteria
from tests.certification.factories import (
    ApplicationFactory,
    ConflictDeclarationFactory,
    CriterionFactory,
    SectionFactory,
    SelfEvaluationAnswerFactory,
    StandardVersionFactory,
)
from tests.fixtures.personas import make_user
from tests.producers.factories import DocumentFactory, MemberFactory

S = Application.Status


@pytest.fixture
def application(standard_v1, coop_a):
    for _number in range(20):
        MemberFactory(organization=coop_a, production_area_ha=Decimal("2.5"))
    return ApplicationFactory(
        organization=coop_a, standard_version=standard_v1, status=S.SELF_EVALUATION
    )


@pytest.fixture
def editor_client(client, coop_a_editor):
    client.force_login(coop_a_editor)
    return client


def overview_url(application):
    return reverse("certification:self_evaluation", args=[application.pk])


def section_url(application, code):
    return reverse("certification:self_evaluation_section", args=[application.pk, code])


def answer_url(application, criterion):
    return reverse("certification:self_evaluation_answer", args=[application.pk, criterion.pk])


def criterion(application, code):
    return application.standard_version.criteria.get(code=code)


def answer_data(criterion, **values):
    data = {"verdict": "complies", "how": "Lo muestran las actas.", "version": "", **values}
    return {f"c{criterion.pk}-{name}": value for name, value in data.items()}


def answerable(application) -> int:
    return self_evaluation_criteria(application).count()


def test_the_overview_shows_progress_and_links_to_each_unanswered_critical_criterion(
    editor_client, application
):
    html = editor_client.get(overview_url(application)).content.decode()
    assert answerable(application) == 66  # of 87 in sps-spo 1: SPO, evaluated, in force
    assert "0 de 66 criterios respondidos" in html
    assert f'href="{section_url(application, "1")}"' in html
    assert f'href="{section_url(application, "1")}#criterion-1.1"' in html
    assert f'href="{section_url(application, "1")}#criterion-1.3"' not in html  # collective
    assert "Presentar la autoevaluación" in html


def test_a_section_page_has_a_form_per_criterion_and_the_register_proposal(
    editor_client, application
):
    response = editor_client.get(section_url(application, "1"))
    html = response.content.decode()
    codes = [row.criterion.code for row in response.context["rows"]]
    assert codes == ["1.1", "1.2", "1.4", "1.5"]
    assert html.count('class="answer-form"') == 4
    assert "htmx.min.js" in html and 'hx-post="' in html
    # The small-producer criterion: the live register's result, proposed, not stored.
    one = criterion(application, "1.1")
    assert "Propuesto a partir de su padrón de socios" in html
    assert f'name="c{one.pk}-verdict" value="complies"' in html
    checked = re.search(rf'<input[^>]*name="c{one.pk}-verdict"[^>]*value="complies"[^>]*>', html)
    assert "checked" in checked.group(0)
    assert "20 socios activos" in html
    assert not SelfEvaluationAnswer.objects.exists()


def test_without_javascript_an_answer_is_saved_and_the_page_comes_back_to_it(
    editor_client, application, coop_a
):
    statutes = DocumentFactory(organization=coop_a, title="Estatutos 2024")
    two = criterion(application, "1.2")
    response = editor_client.post(
        answer_url(application, two), answer_data(two, documents=[statutes.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == section_url(application, "1") + "#criterion-1.2"
    answer = SelfEvaluationAnswer.objects.get()
    assert (answer.criterion, answer.verdict, answer.version) == (two, "complies", 1)
    assert list(answer.documents.all()) == [statutes]
    page = editor_client.get(response["Location"]).content.decode()
    assert "Se guardó su respuesta al criterio 1.2." in page
    assert f'name="c{two.pk}-version" value="1"' in page
    assert "1 de 66 criterios respondidos" in page


def test_with_htmx_an_answer_is_saved_and_the_version_and_progress_come_back(
    editor_client, application
):
    two = criterion(application, "1.2")
    response = editor_client.post(answer_url(application, two), answer_data(two),
                                  HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert "Respondido · guardado a las" in html
    assert re.search(rf'name="c{two.pk}-version"[^>]*value="1" hx-swap-oob="true"', html)
    assert 'id="self-evaluation-progress" class="self-evaluation-progress" hx-swap-oob' in html
    assert "1 de 66 criterios respondidos" in html
    again = editor_client.post(answer_url(application, two),
                               answer_data(two, how="Y el libro de actas.", version="1"),
                               HTTP_HX_REQUEST="true")  # fmt: skip
    assert 'value="2" hx-swap-oob="true"' in again.content.decode()
    assert SelfEvaluationAnswer.objects.get().how == "Y el libro de actas."


def test_bad_input_keeps_what_was_typed_and_saves_nothing(editor_client, application):
    two = criterion(application, "1.2")
    typed = "Lo que escribí con cuidado. " + "x" * 4000
    response = editor_client.post(answer_url(application, two),
                                  answer_data(two, verdict="quizás", how=typed))  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="c{two.pk}-errors"' in html
    assert "Lo que escribí con cuidado." in html
    assert not SelfEvaluationAnswer.objects.exists()
    fragment = editor_client.post(
        answer_url(application, two), answer_data(two, verdict="quizás"), HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200 and "No se guardó." in fragment.content.decode()
    assert not SelfEvaluationAnswer.objects.exists()


def test_an_answer_saved_meanwhile_by_someone_else_is_not_overwritten(
    editor_client, application, coop_a_editor
):
    two = criterion(application, "1.2")
    SelfEvaluationAnswerFactory(application=application, criterion=two, how="Lo de Beto.",
                                version=3)  # fmt: skip
    response = editor_client.post(answer_url(application, two),
                                  answer_data(two, how="Lo mío.", version="2"))  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Otra persona cambió este registro" in html
    assert "Lo mío." in html and "Lo de Beto." in html  # typed, and stored now
    assert f'name="c{two.pk}-version" value="3"' in html  # saving again is deliberate
    assert SelfEvaluationAnswer.objects.get().how == "Lo de Beto."


def test_once_submitted_the_answers_are_read_only_and_a_late_save_is_refused(
    editor_client, application
):
    two = criterion(application, "1.2")
    SelfEvaluationAnswerFactory(application=application, criterion=two, how="Lo guardado.")
    Application.objects.filter(pk=application.pk).update(status=S.READY_FOR_EVALUATION)

    page = editor_client.get(section_url(application, "1")).content.decode()
    assert 'class="answer-form"' not in page and "Lo guardado." in page
    late = editor_client.post(answer_url(application, two), answer_data(two, how="Tarde."))
    assert late.status_code == 409
    assert "La autoevaluación ya se presentó" in late.content.decode()
    htmx = editor_client.post(answer_url(application, two), answer_data(two, how="Tarde."),
                              HTTP_HX_REQUEST="true")  # fmt: skip
    assert htmx["HX-Refresh"] == "true"
    assert SelfEvaluationAnswer.objects.get().how == "Lo guardado."


def test_viewers_and_the_body_read_without_forms(client, application, coop_a_viewer, evaluator):
    two = criterion(application, "1.2")
    SelfEvaluationAnswerFactory(application=application, criterion=two, how="Lo guardado.")
    assert evaluator.roles.get().certification_body == application.certification_body
    ConflictDeclarationFactory(person=evaluator, organization=application.organization)
    for reader in (coop_a_viewer, evaluator):
        client.force_login(reader)
        html = client.get(section_url(application, "1")).content.decode()
        assert 'class="answer-form"' not in html and "htmx.min.js" not in html
        assert "Lo guardado." in html
        assert client.post(answer_url(application, two), answer_data(two)).status_code == 403


def test_submitting_is_refused_with_links_to_the_unanswered_critical_criteria(
    editor_client, application
):
    url = reverse("certification:self_evaluation_complete", args=[application.pk])
    response = editor_client.post(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aún no se puede presentar la autoevaluación" in html
    missing = re.findall(r'href="[^"]+#criterion-([\d.]+)"', html)
    critical = application.standard_version.criteria.filter(
        criterion_class=CriterionClass.CRITICAL, actor_types__contains=["spo"]
    )
    assert sorted(missing) == sorted(c.code for c in critical)
    assert Application.objects.get().status == S.SELF_EVALUATION

    for each in critical:
        SelfEvaluationAnswerFactory(application=application, criterion=each)
    response = editor_client.post(url)
    assert response["Location"] == overview_url(application)
    assert Application.objects.get().status == S.READY_FOR_EVALUATION


def test_before_the_quote_is_accepted_there_is_no_self_evaluation(editor_client, standard_v1,
                                                                  coop_a):  # fmt: skip
    application = ApplicationFactory(organization=coop_a, standard_version=standard_v1,
                                     status=S.QUOTE_SENT)  # fmt: skip
    assert editor_client.get(overview_url(application)).status_code == 404
    assert editor_client.get(section_url(application, "1")).status_code == 404


def test_an_unknown_section_or_criterion_is_404(editor_client, application, standard_v2):
    assert editor_client.get(section_url(application, "99")).status_code == 404
    later = standard_v2.criteria.get(code="1.1")  # the same code, another version
    assert editor_client.post(answer_url(application, later), answer_data(later)).status_code == 404


def test_the_section_page_and_the_overview_keep_their_queries_with_10_and_200_criteria(
    client, coop_a, coop_a_editor, django_assert_max_num_queries
):
    version = StandardVersionFactory()
    section = SectionFactory(standard_version=version, code="1")
    application = ApplicationFactory(organization=coop_a, standard_version=version,
                                     status=S.SELF_EVALUATION)  # fmt: skip
    library = [DocumentFactory(organization=coop_a, title=f"Documento {n}") for n in range(5)]

    def add(count, klass=CriterionClass.CRITICAL):
        for _ in range(count):
            each = CriterionFactory(section=section, criterion_class=klass)
            SelfEvaluationAnswerFactory(application=application, criterion=each,
                                        documents=library[:2])  # fmt: skip

    add(9)
    add(1, CriterionClass.MINIMUM)
    CriterionFactory(section=section, code="1.0", from_member_register=True)
    client.force_login(coop_a_editor)
    urls = [section_url(application, "1"), overview_url(application)]
    for url in urls:
        client.get(url)
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ten:
            assert client.get(url).status_code == 200
        counts[url] = len(ten)
    add(190)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            response = client.get(url)
        assert response.status_code == 200
    assert len(response.context["progress"].sections[0].section.code) == 1
    assert response.context["progress"].total == 201


def test_the_review_partial_shows_every_answer_read_only(application, coop_a):
    two = criterion(application, "1.2")
    statutes = DocumentFactory(organization=coop_a, title="Estatutos 2024")
    SelfEvaluationAnswerFactory(application=application, criterion=two, how="Lo muestran.",
                                documents=[statutes])  # fmt: skip
    request = RequestFactory().get("/")
    request.user = make_user("evaluador@example.org")
    html = render_to_string("certification/review/_self_evaluation.html",
                            {"application": application}, request=request)  # fmt: skip
    assert "1 de 66 criterios respondidos" in html
    assert "Lo muestran." in html and "Estatutos 2024" in html
    assert "en curso: la organización aún no la presentó" in html
    assert html.count("sin responder") == 65
    assert f'href="{overview_url(application)}"' in html


def test_an_autosave_after_the_session_ended_says_so_and_saves_nothing(client, application):
    two = criterion(application, "1.2")
    response = client.post(answer_url(application, two), answer_data(two),
                           HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert 'target="_blank"' in html and reverse("account_login") in html
    assert not SelfEvaluationAnswer.objects.exists()
    plain = client.post(answer_url(application, two), answer_data(two))
    assert plain.status_code == 302 and plain["Location"].startswith(reverse("account_login"))
