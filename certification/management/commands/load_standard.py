"""Load a version of the standard from its YAML file (see certification/standard_file.py).

    python manage.py load_standard sps-spo-1.yaml            # a draft, created or updated
    python manage.py load_standard sps-spo-1.yaml --publish  # and published

Loading the same file twice changes nothing. A published version is never changed: a
file that differs from it is refused, and needs a new label."""

from django.core.management.base import BaseCommand, CommandError

from certification.services.standard import PublishedVersionChanged, standard_load
from certification.standard_file import StandardFileError, read_standard
from network.workflow import TransitionError


class Command(BaseCommand):
    help = "Load (create or update as a draft) a version of the standard from a YAML file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a path, or a file name of certification/standards/")
        parser.add_argument("--publish", action="store_true", help="publish the version too")

    def handle(self, *args, **options):
        try:
            standard = read_standard(options["file"])
        except StandardFileError as error:
            count = len(error.errors)
            raise CommandError(
                f"{options['file']}: {count} mistake{'s' if count > 1 else ''}, nothing loaded:\n"
                + "\n".join(f"  {line}" for line in error.errors)
            ) from None
        try:
            result = standard_load(standard=standard, publish=options["publish"])
        except (PublishedVersionChanged, TransitionError) as error:
            raise CommandError(f"{standard.code} {standard.label}: {error}") from None
        version = result.version
        criteria = len(standard.criteria)
        if result.outcome == "unchanged":
            message = f"{version}: unchanged ({criteria} criteria, {version.get_status_display()})"
        else:
            message = f"{version}: {result.outcome} ({criteria} criteria)"
            if result.differences:
                message += "; changed: " + ", ".join(result.differences)
        if result.published:
            message += f"; published, in force from {version.in_force_from:%Y-%m-%d}"
        self.stdout.write(message)
