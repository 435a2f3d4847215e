"""Reading a version of the standard from its YAML file (certification/standards/).

The file is the source of a version: its sections and criteria, texts in Spanish and
English, and the version's rules. A file may be written as changes to an earlier one
(`based_on`: every section and criterion of that file, then these changes and `removed`
codes), but what it describes, and what is stored, is always the whole version.
Every mistake is reported at once, each naming the file, the line and the criterion, so
whoever edits the file can fix them all in one go. Nothing here touches the database:
certification.services.standard stores what this reads."""

from __future__ import annotations

import contextlib
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from certification.models import LISTED_ONLY_CLASSES, CriterionClass, StandardVersion
from producers.models import ActorType

STANDARDS_DIR = Path(__file__).resolve().parent / "standards"
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


class StandardFileError(Exception):
    """The file cannot be loaded; `errors` lists every mistake found."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class CriterionData:
    code: str
    section_code: str
    position: int
    text_es: str
    text_en: str
    criterion_class: str
    actor_types: list[str]
    checked_in_desk: bool
    mandatory_from_year: int | None
    from_member_register: bool

    def fields(self) -> dict:
        """The criterion's columns (its section apart)."""
        return {
            "position": self.position,
            "text_es": self.text_es,
            "text_en": self.text_en,
            "criterion_class": self.criterion_class,
            "actor_types": self.actor_types,
            "checked_in_desk": self.checked_in_desk,
            "mandatory_from_year": self.mandatory_from_year,
            "from_member_register": self.from_member_register,
        }


@dataclass
class SectionData:
    code: str
    position: int
    name_es: str
    name_en: str
    criteria: list[CriterionData] = field(default_factory=list)

    def fields(self) -> dict:
        return {"position": self.position, "name_es": self.name_es, "name_en": self.name_en}


@dataclass
class StandardFile:
    path: Path
    code: str
    label: str
    version_fields: dict
    sections: list[SectionData]

    @property
    def criteria(self) -> list[CriterionData]:
        return [criterion for section in self.sections for criterion in section.criteria]


def resolve(name: str | Path) -> Path:
    """A path as given, else a file of certification/standards/ by name."""
    path = Path(name)
    if not path.exists() and (STANDARDS_DIR / path.name).exists():
        return STANDARDS_DIR / path.name
    return path


def read_standard(name: str | Path) -> StandardFile:
    """Read and check a standard file; raises StandardFileError listing every mistake."""
    path = resolve(name)
    errors: list[str] = []
    document = _document(path, errors, seen=())
    if errors:
        raise StandardFileError(errors)
    standard = _Checker(errors).standard(path, document)
    if errors:
        raise StandardFileError(errors)
    return standard


# --- YAML with line numbers -------------------------------------------------------------


class _Mapping(dict):
    """A YAML mapping that remembers where it was written."""

    source = ""
    line = 0


class _Loader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _value in node.value]
        for index, key in enumerate(keys):
            if key in keys[:index]:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice", node.value[index][0].start_mark
                )
        return super().construct_mapping(node, deep=deep)


def _located_map(loader, node):
    data = _Mapping()
    data.source, data.line = loader.name, node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _located_map)


def _document(path: Path, errors: list[str], *, seen: tuple) -> _Mapping:
    if path in seen:
        errors.append(f"{path.name}: based_on goes round in a circle ({path.name})")
        return _Mapping()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        errors.append(f"{path}: cannot be read ({error.strerror or error})")
        return _Mapping()
    loader = _Loader(text)
    loader.name = path.name
    try:
        document = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        errors.append(f"{path.name}{where}: not valid YAML ({problem})")
        return _Mapping()
    finally:
        loader.dispose()
    if not isinstance(document, _Mapping):
        errors.append(f"{path.name}: the file must be a mapping (code, label, title, ...)")
        return _Mapping()
    base = document.get("based_on")
    if base is None:
        return document
    if not isinstance(base, str):
        errors.append(f"{path.name}, line {document.line}: based_on must name a file")
        return document
    base_document = _document(path.parent / base, errors, seen=(*seen, path))
    return _with_changes(base_document, document, errors)


def _merged(base: dict, changes: _Mapping) -> _Mapping:
    """`base` with the keys of `changes` (mappings merged one level down), located where
    the changes were written."""
    merged = _Mapping(base)
    merged.source, merged.line = changes.source, changes.line
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            value = _merged(base[key], value)
        merged[key] = value
    return merged


def _with_changes(base: _Mapping, changes: _Mapping, errors: list[str]) -> _Mapping:
    """An earlier version's document with a later file's changes applied: top-level keys
    replace (mappings merge), sections and criteria merge by code, new ones are appended,
    `removed` criteria are dropped."""
    top = {k: v for k, v in changes.items() if k not in {"sections", "removed", "based_on"}}
    document = _merged(base, _relocated(top, changes))
    document.pop("based_on", None)
    sections = [section for section in base.get("sections") or [] if isinstance(section, dict)]
    where = {section.get("code"): index for index, section in enumerate(sections)}
    for change in changes.get("sections") or []:
        if not isinstance(change, dict):
            errors.append(f"{changes.source}, line {changes.line}: each section must be a mapping")
            continue
        index = where.get(change.get("code"))
        if index is None:
            where[change.get("code")] = len(sections)
            sections.append(change)
        else:
            sections[index] = _section_with_changes(sections[index], change)
    removed = changes.get("removed") or []
    if not isinstance(removed, list):
        errors.append(f"{changes.source}, line {changes.line}: removed must be a list of codes")
        removed = []
    known = {
        criterion.get("code")
        for section in sections
        for criterion in section.get("criteria") or []
        if isinstance(criterion, dict)
    }
    for code in removed:
        if code not in known:
            errors.append(
                f"{changes.source}, line {changes.line}: removed criterion {code!r} is not in "
                f"{base.source}"
            )
    document["sections"] = [_without(section, set(removed)) for section in sections]
    return document


def _section_with_changes(section: _Mapping, change: _Mapping) -> _Mapping:
    criteria = list(section.get("criteria") or [])
    where = {c.get("code"): i for i, c in enumerate(criteria) if isinstance(c, dict)}
    for criterion in change.get("criteria") or []:
        index = where.get(criterion.get("code")) if isinstance(criterion, dict) else None
        if index is None:
            criteria.append(criterion)
        else:
            criteria[index] = _merged(criteria[index], criterion)
    merged = _merged(
        section, _relocated({k: v for k, v in change.items() if k != "criteria"}, change)
    )
    merged["criteria"] = criteria
    return merged


def _without(section: _Mapping, codes: set) -> _Mapping:
    kept = _relocated(section, section)
    kept["criteria"] = [
        criterion
        for criterion in section.get("criteria") or []
        if not (isinstance(criterion, dict) and criterion.get("code") in codes)
    ]
    return kept


def _relocated(values: dict, where: _Mapping) -> _Mapping:
    located = _Mapping(values)
    located.source, located.line = where.source, where.line
    return located


# --- Checking ---------------------------------------------------------------------------


class _Checker:
    """Turns a document into a StandardFile, noting every mistake in `errors`."""

    def __init__(self, errors: list[str]):
        self.errors = errors

    def error(self, where: _Mapping, message: str, criterion: str | None = None) -> None:
        about = f" (criterion {criterion})" if criterion else ""
        self.errors.append(f"{where.source}, line {where.line}{about}: {message}")

    def unknown_keys(self, where: _Mapping, allowed: set, criterion=None) -> None:
        unknown = sorted(str(key) for key in set(where) - allowed)
        if unknown:
            self.error(
                where,
                f"unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(allowed))}",
                criterion,
            )

    def text(self, where: _Mapping, key: str, criterion=None, max_length=None) -> dict:
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

    def code(self, where: _Mapping, what: str, criterion=None) -> str:
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

    def actor_types(self, where: _Mapping, default, criterion=None) -> list[str]:
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

    def standard(self, path: Path, document: _Mapping) -> StandardFile:
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

    def rules(self, document: _Mapping) -> dict:
        rules = document.get("rules", _Mapping())
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

    def sections(self, document: _Mapping, default_actors: list[str]) -> list[SectionData]:
        raw = document.get("sections")
        if not isinstance(raw, list) or not raw:
            self.error(document, "sections must list the standard's sections")
            return []
        sections, section_codes, criterion_codes = [], set(), set()
        for position, item in enumerate(raw, start=1):
            if not isinstance(item, _Mapping):
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
                if not isinstance(raw_criterion, _Mapping):
                    self.error(item, f"criterion {index} of section {code} must be a mapping")
                    continue
                criterion = self.criterion(raw_criterion, section, index, default_actors)
                if criterion.code and criterion.code in criterion_codes:
                    self.error(raw_criterion, "this code appears twice", criterion.code)
                criterion_codes.add(criterion.code)
                section.criteria.append(criterion)
            sections.append(section)
        return sections

    def criterion(self, item: _Mapping, section: SectionData, position: int, default_actors):
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
