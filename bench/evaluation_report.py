import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

FINDINGS = 150
SECTIONS = 9
PROCESSES = 5
ROUNDS = 5
BUDGET_SECONDS = 2.0
BUDGET_RATIO = 1.3
DATABASE = "bench_minga_evaluation_report"


def main() -> int:
    if sys.argv[1:2] == ["--measure"]:  # one measuring process (run() starts them)
        return measure(evaluation_id=int(sys.argv[2]), first_number=int(sys.argv[3]))
    os.environ["MINGA_TEST_DATABASE"] = DATABASE
    os.environ["MINGA_PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="minga-bench-")
    _django_setup()
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        return run()
    finally:
        connection.creation.destroy_test_db(DATABASE, verbosity=0)


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its progress notes, per step


def evaluation_of_150():
    """A submitted on-site evaluation of 150 findings in 9 sections, 12 of them
    non-compliant with a corrective action each, comments of field-note length."""
    import datetime

    from django.utils import timezone

    from certification.models import (
        APPLICATION,
        EVALUATION,
        CorrectiveAction,
        Criterion,
        Evaluation,
        Finding,
        Section,
        StandardVersion,
    )
    from network.models import CertificationBody, CountryNetwork, Role, User
    from producers.models import Organization

    today = timezone.localdate()
    version = StandardVersion.objects.create(
        code="sps-bench", label="1", title_es="Norma de prueba", title_en="Test standard",
        in_force_from=datetime.date(2025, 1, 1), status="published",
    )  # fmt: skip
    classes = ["critical", "minimum", "improvement"]
    for number in range(SECTIONS):
        section = Section.objects.create(
            standard_version=version, code=str(number + 1), position=number + 1,
            name_es=f"Sección {number + 1} de la norma", name_en=f"Section {number + 1}",
        )  # fmt: skip
        for position in range(FINDINGS // SECTIONS + (number < FINDINGS % SECTIONS)):
            kind = classes[position % 3]
            Criterion.objects.create(
                standard_version=version, section=section, code=f"{number + 1}.{position + 1}",
                position=position + 1, criterion_class=kind, actor_types=["spo"],
                checked_in_desk=kind == "critical",
                text_es="La organización cumple este criterio de la norma y lo demuestra con "
                        "documentos, actas de asamblea y registros al día. " * 2,
                text_en="The organization meets this criterion of the standard.",
            )  # fmt: skip
    country = CountryNetwork.objects.create(country="PE", name="Red PE")
    organization = Organization.objects.create(
        legal_name="Cooperativa Agraria Cafetalera Valle Alto", country="PE",
        country_network=country,
    )  # fmt: skip
    body = CertificationBody.objects.create(name="Certificadora Andina")
    lead = User.objects.create_user(email="lead@example.org", full_name="Lidia Quispe")
    Role.objects.create(user=lead, kind="evaluator", certification_body=body)
    application = APPLICATION.create(
        organization=organization, standard_version=version, certification_body=body,
        created_by=lead, state="draft",
    )  # fmt: skip
    evaluation = EVALUATION.create(
        application=application, evaluation_type="on_site", planned_start_on=today,
        planned_end_on=today, lead_evaluator=lead, created_by=lead,
        strengths="Asambleas con buena participación.\nRegistros al día.",
        next_evaluation_points="Revisar los contratos.", distribution_list="Consejo\nComité",
    )  # fmt: skip
    findings = []
    for index, criterion in enumerate(Criterion.objects.filter(standard_version=version)):
        failed = index % 12 == 5
        findings.append(
            Finding(
                evaluation=evaluation, criterion=criterion, result="NC" if failed else "C",
                comment=("Se revisaron las actas y los registros del año; " * 3).strip(),
            )
        )  # fmt: skip
    Finding.objects.bulk_create(findings)
    for finding in Finding.objects.filter(evaluation=evaluation, result="NC"):
        CorrectiveAction.objects.create(
            finding=finding, action="Convocar la asamblea y corregir el registro.",
            responsible="Rosa Quispe", due_on=today, proposed_by=lead,
        )  # fmt: skip
    # Submitted, as the lead's submission leaves it (the bench queues nothing).
    Evaluation.objects.filter(pk=evaluation.pk).update(status=Evaluation.Status.SUBMITTED)
    return Evaluation.objects.get(pk=evaluation.pk), lead


def run() -> int:
    """Seed once, measure in PROCESSES fresh processes, judge the medians over them."""
    from django.db import connection

    from certification.models import EvaluationReport

    load = f"{os.getloadavg()[0]:.1f}"
    evaluation, _lead = evaluation_of_150()
    env = {**os.environ, "MINGA_BENCH_DATABASE": connection.settings_dict["NAME"]}
    failures, processes = [], []
    for index in range(PROCESSES):
        first_number = index * (ROUNDS + 1) + 1
        command = [sys.executable, "-m", "bench.evaluation_report", "--measure",
                   str(evaluation.pk), str(first_number)]  # fmt: skip
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode or not lines:
            print(done.stderr[-3000:])
            return 1
        processes.append(json.loads(lines[-1][len("RESULT ") :]))
    made = EvaluationReport.objects.filter(evaluation=evaluation, status="done")
    pages = made.values_list("pages", flat=True).first()
    findings = evaluation.findings.count()
    if made.count() != PROCESSES * (ROUNDS + 1) or findings != FINDINGS:
        failures.append(f"expected {PROCESSES * (ROUNDS + 1)} reports of {FINDINGS} findings")
    print(f"report of {findings} findings, {pages} pages; {PROCESSES} processes of "
          f"{ROUNDS} alternating rounds after a warm-up")  # fmt: skip
    print(f"load average before: {load}, after: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    ratios, ours_medians, cpu_ratios = [], [], []
    for number, result in enumerate(processes, start=1):
        ours, alone = result["ours"], result["alone"]
        (ours_median, ours_cpu), (alone_median, alone_cpu) = _medians(ours), _medians(alone)
        ratios.append(ours_median / alone_median)
        cpu_ratios.append(ours_cpu / alone_cpu)
        ours_medians.append(ours_median)
        print(f"process {number}: our task {ours_median:.3f} s ({_runs(ours)}), "
              f"WeasyPrint alone {alone_median:.3f} s ({_runs(alone)}), "
              f"{ratios[-1]:.2f}× wall, {cpu_ratios[-1]:.2f}× CPU")  # fmt: skip
    ratio, seconds = statistics.median(ratios), statistics.median(ours_medians)
    print(f"median over processes: our task {seconds:.3f} s, {ratio:.2f}× WeasyPrint alone wall, "
          f"{statistics.median(cpu_ratios):.2f}× CPU (budget ≤ {BUDGET_RATIO}×, "
          f"under {BUDGET_SECONDS} s)")  # fmt: skip
    if seconds > BUDGET_SECONDS:
        failures.append(f"{seconds:.2f} s through our task (budget {BUDGET_SECONDS} s)")
    if ratio > BUDGET_RATIO:
        failures.append(f"{ratio:.2f}× WeasyPrint alone (budget {BUDGET_RATIO}×)")
    for failure in failures:
        print("FAILED:", failure)
    print("OK" if not failures else "FAILED")
    return 1 if failures else 0


def measure(*, evaluation_id: int, first_number: int) -> int:
    """One measuring process: our task and WeasyPrint alone, alternating; the times as
    one JSON line."""
    _django_setup()
    from django.db import connection
    from django.utils import timezone
    from weasyprint import CSS, HTML

    from certification import tasks
    from certification.models import REPORT, Evaluation, EvaluationReport
    from certification.services.reports import report_html
    from network.pdf import page_numbers_stylesheet

    connection.settings_dict["NAME"] = os.environ["MINGA_BENCH_DATABASE"]
    evaluation = Evaluation.objects.get(pk=evaluation_id)
    number = first_number - 1

    def through_our_task() -> tuple[float, float]:
        nonlocal number
        number += 1
        report = REPORT.create(evaluation=evaluation, number=number, language="es",
                               requested_by=evaluation.lead_evaluator)  # fmt: skip
        gc.collect()  # the garbage of the run before is not this run's cost
        started, cpu = time.perf_counter(), time.process_time()
        made = tasks.report_evaluation.apply((report.pk,)).get()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        if made is not True:
            raise SystemExit(f"the task did not make version {number}")
        return seconds, cpu

    report = EvaluationReport.objects.create(evaluation=evaluation, number=10_000 + first_number,
                                             language="es")  # fmt: skip
    html = report_html(report, generated_at=timezone.now())
    css = page_numbers_stylesheet("es")
    report.delete()

    def weasyprint_alone() -> tuple[float, float]:
        gc.collect()
        started, cpu = time.perf_counter(), time.process_time()
        HTML(string=html).write_pdf(stylesheets=[CSS(string=css)])
        return time.perf_counter() - started, time.process_time() - cpu

    through_our_task(), weasyprint_alone()  # warm-up: fonts, templates, catalogs
    ours, alone = [], []
    for _round in range(ROUNDS):
        ours.append(through_our_task())
        alone.append(weasyprint_alone())
    print("RESULT " + json.dumps({"ours": ours, "alone": alone}))
    return 0


def _medians(runs) -> tuple[float, float]:
    """The median wall and CPU time of (wall, CPU) runs."""
    return statistics.median(wall for wall, _ in runs), statistics.median(cpu for _, cpu in runs)


def _runs(values) -> str:
    return ", ".join(f"{wall:.2f}" for wall, _cpu in values)


if __name__ == "__main__":
    sys.exit(main())
