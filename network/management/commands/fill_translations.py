import json
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Developer tool: write translations from a JSON file {msgid: msgstr} (a pair for "
        "plurals; 'context\\u0004msgid' for a message with a context) into the LANG "
        "catalog, clear fuzzy marks, and list what is left. "
        "For 'en' every msgstr is its msgid. Run `make messages` before and after."
    )

    def add_arguments(self, parser):
        parser.add_argument("language")
        parser.add_argument("json_file", nargs="?")

    def handle(self, language, json_file=None, **options):
        try:
            import polib
        except ImportError as error:  # a dev dependency
            raise CommandError("polib is a development dependency: run `uv sync`") from error
        path = settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"
        catalog = polib.pofile(str(path), wrapwidth=0)
        plurals = int(catalog.metadata.get("Plural-Forms", "nplurals=2").split("nplurals=")[1][0])
        given = json.loads(Path(json_file).read_text(encoding="utf-8")) if json_file else {}
        for entry in catalog:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            value = (entry.msgid_plural and [entry.msgid, entry.msgid_plural]) or entry.msgid
            if language != "en":
                # A message with a context ("certificate status" + "suspended") may be
                # given as "context\u0004msgid" (gettext's own key); else by its msgid.
                contexted = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else None
                value = given.get(contexted, given.get(entry.msgid))
            if value is None:
                continue
            if entry.msgid_plural:
                # One form per the catalog's nplurals (Spanish has three); extra forms
                # repeat the last one given.
                entry.msgstr_plural = {i: value[min(i, len(value) - 1)] for i in range(plurals)}
            else:
                entry.msgstr = value
        catalog.save()
        # Rewrap as gettext does, so `make messages` afterwards changes nothing.
        subprocess.run(["msgcat", "--output-file", str(path), str(path)], check=True)
        missing = [e for e in catalog if not (e.msgstr or any(e.msgstr_plural.values()))]
        self.stdout.write(f"{language}: {len(missing)} untranslated")
        for entry in missing:
            where = ", ".join(sorted({path for path, _line in entry.occurrences}))
            self.stdout.write(f"  {entry.msgid!r}  ({where})")
