"""Checking a standard file's document and turning it into a StandardFile: every
mistake is noted (file, line, criterion), none stops the others from being found."""

from __future__ import annotations

import contextlib
import datetime
import re
from pathlib import Path

from certification.models import LISTED_ONLY_CLASSES, CriterionClass, StandardVersion
from certification.standard_file.data import CriterionData, SectionData, StandardFile
from certification.standard_file.documents import Located
from producers.models import ActorType

CODE = re.compile(r"^[0-9A-Za-z]+([.-][0-9A-Za-z]+)*$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANGUAGES = ("es", "en")

TOP_KEYS = {"code", "label", "title", "in_force_from", "applies_to", "rules", "sections",
            "based_on", "removed"}  # fmt: skip
SECTION_KEYS = {"code", "name", "criteria"}
CRITERION_KEYS = {"code", "class", "text", "applies_to", "desk", "mandatory_from",
                  "member_register"}  # fmt: skip
# The version's rules: (smallest value, a list of days?) for each.
RULES = {
    "certificate_validity_months": (1, False),
    "renewal_notice_days": (0, True),
    "grace_days": (0, False),
    "eligibility_review_days": (1, False),
    "objection_period_days": (1, False),
    "objection_reminder_days": (1, True),
}


class Checker:
    """Turns a document into a StandardFile, noting every mistake in `errors`."""

    def __init__(self, errors: list[str]):
        self.errors = errors

    def error(self, where: Located, message: str, criterion: str | None = None) -> None:
        about = f" (criterion {criterion})" if criterion else ""
        self.errors.append(f"{where.source}, line {where.line}{about}: {message}")

    def unknown_keys(self, where: Located, allowed: set, criterion=None) -> None:
        unknown = sorted(str(key) for key in set(where) - allowed)
        if unknown:
            self.error(
                where,
                f"unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(allowed))}",
                criterion,
            )

    def text(self, where: Located, key: str, criterion=None, max_length=None) -> dict:
        """A text given in Spanish and English ({es: ..., en: ...})."""
        value = where.get(key)
        if not isinstance(value, dict):
            self.error(where, f"{key} must give the text in es and en", criterion)
            return dict.fromkeys(LANGUAGES, "")
        result = {}
        for language in LANGUAGES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                self.error(value, f"{key}.{language} is missing or empty", criterion)
                text = ""
            elif max_length and len(text.strip()) > max_length:
                self.error(value, f"{key}.{language} is longer than {max_length}", criterion)
            result[language] = " ".join(text.split())
        extra = set(value) - set(LANGUAGES)
        if extra:
            self.error(value, f"{key} has unknown languages {sorted(extra)}", criterion)
        return result

    def code(self, where: Located, what: str, criterion=None) -> str:
        """The entry's code, or "" when it is not usable (reported)."""
        value = where.get("code")
        if not isinstance(value, str) or not CODE.match(value):
            self.error(
                where,
                f'{what} code must be quoted text such as "4.10" (got {value!r})',
                criterion,
            )
            return ""
        return value

    def actor_types(self, where: Located, default, criterion=None) -> list[str]:
        value = where.get("applies_to", default)
        valid = set(ActorType.values)
        if not isinstance(value, list) or not value or not set(value) <= valid:
            self.error(
                where,
                f"applies_to must list actor types among {', '.join(ActorType.values)} "
                f"(got {value!r})",
                criterion,
            )
            return []
        return list(dict.fromkeys(value))

    def standard(self, path: Path, document: Located) -> StandardFile:
        self.unknown_keys(document, TOP_KEYS)
        code = document.get("code")
        if not isinstance(code, str) or not SLUG.match(code):
            self.error(document, f"code must be a slug such as sps-spo (got {code!r})")
        label = document.get("label")
        if not isinstance(label, str) or not label.strip() or len(label) > 20:
            self.error(document, f'label must be quoted text such as "1" (got {label!r})')
            label = str(label)
        title = self.text(document, "title", max_length=200)
        in_force_from = document.get("in_force_from")
        if isinstance(in_force_from, str):
            with contextlib.suppress(ValueError):
                in_force_from = datetime.date.fromisoformat(in_force_from)
        if not isinstance(in_force_from, datetime.date):
            self.error(
                document, f"in_force_from must be a date (YYYY-MM-DD), got {in_force_from!r}"
            )
        default_actors = self.actor_types(document, [ActorType.SPO.value])
        fields = {
            "title_es": title["es"],
            "title_en": title["en"],
            "in_force_from": in_force_from,
            **self.rules(document),
        }
        sections = self.sections(document, default_actors)
        return StandardFile(path, str(code), label.strip(), fields, sections)

    def rules(self, document: Located) -> dict:
        rules = document.get("rules", Located())
        if not isinstance(rules, dict):
            self.error(document, "rules must be a mapping")
            return {}
        self.unknown_keys(rules, set(RULES))
        result = {}
        for name, (smallest, is_list) in RULES.items():
            if name not in rules:
                continue  # the model's default (domain.md)
            value = rules[name]
            values = value if is_list and isinstance(value, list) else [value]
            if (is_list and not isinstance(value, list)) or not all(
                isinstance(v, int) and not isinstance(v, bool) and v >= smallest for v in values
            ):
                kind = "a list of whole numbers" if is_list else "a whole number"
                self.error(rules, f"rules.{name} must be {kind} of at least {smallest}")
                continue
            result[name] = (
                sorted(set(value), reverse=name == "renewal_notice_days") if is_list else value
            )
        period = result.get(
            "objection_period_days",
            StandardVersion._meta.get_field("objection_period_days").default,
        )
        reminders = result.get("objection_reminder_days", [])
        if any(day >= period for day in reminders):
            self.error(rules, "rules.objection_reminder_days must fall within the objection period")
        return result

    def sections(self, document: Located, default_actors: list[str]) -> list[SectionData]:
        raw = document.get("sections")
        if not isinstance(raw, list) or not raw:
            self.error(document, "sections must list the standard's sections")
            return []
        sections, section_codes, criterion_codes = [], set(), set()
        for position, item in enumerate(raw, start=1):
            if not isinstance(item, Located):
                self.error(document, f"section {position} must be a mapping")
                continue
            self.unknown_keys(item, SECTION_KEYS)
            code = self.code(item, "section")
            if code and code in section_codes:
                self.error(item, f"section code {code!r} appears twice")
            section_codes.add(code)
            name = self.text(item, "name", max_length=200)
            section = SectionData(code, position, name["es"], name["en"])
            criteria = item.get("criteria")
            if not isinstance(criteria, list) or not criteria:
                self.error(item, f"section {code} has no criteria")
                criteria = []
            for index, raw_criterion in enumerate(criteria, start=1):
                if not isinstance(raw_criterion, Located):
                    self.error(item, f"criterion {index} of section {code} must be a mapping")
                    continue
                criterion = self.criterion(raw_criterion, section, index, default_actors)
                if criterion.code and criterion.code in criterion_codes:
                    self.error(raw_criterion, "this code appears twice", criterion.code)
                criterion_codes.add(criterion.code)
                section.criteria.append(criterion)
            sections.append(section)
        return sections

    def criterion(self, item: Located, section: SectionData, position: int, default_actors):
        code = self.code(item, "criterion")
        self.unknown_keys(item, CRITERION_KEYS, code)
        text = self.text(item, "text", code)
        criterion_class = item.get("class")
        if criterion_class not in CriterionClass.values:
            self.error(
                item,
                f"unknown class {criterion_class!r}; expected one of "
                f"{', '.join(CriterionClass.values)}",
                code,
            )
        critical = criterion_class == CriterionClass.CRITICAL
        desk = item.get("desk", critical)
        if not isinstance(desk, bool):
            self.error(item, "desk must be true or false", code)
        elif critical and not desk:
            self.error(
                item, "a critical criterion is checked in every evaluation (desk: true)", code
            )
        elif desk and criterion_class in LISTED_ONLY_CLASSES:
            self.error(item, f"{criterion_class} criteria are not evaluated (desk: false)", code)
        year = item.get("mandatory_from")
        if year is not None and (not isinstance(year, int) or not 2000 <= year <= 2100):
            self.error(item, f"mandatory_from must be a year (got {year!r})", code)
        register = item.get("member_register", False)
        if not isinstance(register, bool):
            self.error(item, "member_register must be true or false", code)
        return CriterionData(
            code=code,
            section_code=section.code,
            position=position,
            text_es=text["es"],
            text_en=text["en"],
            criterion_class=str(criterion_class),
            actor_types=self.actor_types(item, default_actors, code),
            checked_in_desk=desk is True,
            mandatory_from_year=year,
            from_member_register=register is True,
        )
