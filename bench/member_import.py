"""Benchmark: import a 10,000-row member register through the same services the
pages use (upload and preview, then confirm).

1. a file with 3 bad rows: exactly those 3 rows are reported, nothing is saved;
2. the fixed file: 10,000 members are saved;
3. the same file again: nothing changes.

Runs on its own throwaway database (created and dropped here) and prints the times.
Budget: each step under 15 s. Exit status 1 when a check or the budget fails.

    make bench-import
    uv run python -m network.embedded run -- python -m bench.member_import
"""

import io
import os
import sys
import tempfile
import time

ROWS = 10_000
BUDGET_SECONDS = 15.0
BAD_ROWS = {1_235: "birth_year", 5_002: "name", 9_998: "production_area_ha"}  # file rows


def register_csv(*, broken: bool) -> bytes:
    lines = ["code,name,gender,birth_year,community,total_area_ha,production_area_ha,"
             "covered_area_ha,beehives,products,organic_status,active"]  # fmt: skip
    for index in range(ROWS):
        row = index + 2  # the header is row 1
        name, year, production = f"Socia {index}", str(1950 + index % 60), f"{index % 17}.5"
        if broken and BAD_ROWS.get(row) == "birth_year":
            year = "19x0"
        if broken and BAD_ROWS.get(row) == "name":
            name = ""
        if broken and BAD_ROWS.get(row) == "production_area_ha":
            production = "-3"
        lines.append(
            f"S{index:06d},{name},{'FM'[index % 2]},{year},Comunidad {index % 40},20,"
            f"{production},,{'' if index % 9 else 40},café,organic,yes"
        )
    return ("\n".join(lines) + "\n").encode()


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
    os.environ["MINGA_TEST_DATABASE"] = "bench_minga_member_import"
    os.environ["MINGA_PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="minga-bench-")
    import django

    django.setup()
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        return run()
    finally:
        connection.creation.destroy_test_db("bench_minga_member_import", verbosity=0)


def run() -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from network.files import validate_upload
    from network.models import CountryNetwork, User
    from producers.models import Member, Organization
    from producers.register import error_message
    from producers.services.members import register_apply, register_upload

    country = CountryNetwork.objects.create(country="PE", name="Red PE")
    organization = Organization.objects.create(
        legal_name="Cooperativa de prueba", country="PE", country_network=country
    )
    user = User.objects.create_user(email="bench@example.org", full_name="Bench")
    failures, times = [], {}

    def upload(data: bytes):
        file = SimpleUploadedFile("socios.csv", data, content_type="text/csv")
        return register_upload(
            organization=organization, by=user, uploaded=file, checked=validate_upload(file)
        )

    started = time.perf_counter()
    broken = upload(register_csv(broken=True))
    times["1. preview, 3 bad rows"] = time.perf_counter() - started
    reported = {(error["row"], error["column"]) for error in broken.errors}
    if reported != set(BAD_ROWS.items()) or Member.objects.exists():
        failures.append(f"expected errors {sorted(BAD_ROWS.items())}, got {sorted(reported)}")
    for error in broken.errors:
        print(f"   row {error['row']}, {error['column']}: {error_message(error)}")

    fixed = register_csv(broken=False)
    started = time.perf_counter()
    summary = register_apply(member_import=upload(fixed), by=user)
    times["2. preview + import 10,000"] = time.perf_counter() - started
    if summary["created"] != ROWS or Member.objects.count() != ROWS:
        failures.append(f"expected {ROWS} created, got {summary}")

    started = time.perf_counter()
    summary = register_apply(member_import=upload(fixed), by=user)
    times["3. re-import, no change"] = time.perf_counter() - started
    if (summary["created"], summary["updated"], summary["unchanged"]) != (0, 0, ROWS):
        failures.append(f"re-import changed something: {summary}")

    out = io.StringIO()
    for step, seconds in times.items():
        over = " OVER BUDGET" if seconds > BUDGET_SECONDS else ""
        out.write(f"{step:<30} {seconds:6.2f} s{over}\n")
        if over:
            failures.append(f"{step} took {seconds:.2f} s (budget {BUDGET_SECONDS} s)")
    print(out.getvalue(), end="")
    for failure in failures:
        print("FAILED:", failure)
    print("OK" if not failures else "FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
