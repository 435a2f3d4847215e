"""Loading versions of the standard from their files, and publishing them.

A draft version follows its file: loading stores what the file says (new sections and
criteria added, changed ones updated in place, missing ones removed), and loading the
same file again changes nothing and logs nothing. A published version is the record
applications were filed under: a file that differs from it is refused, and the change
must come as a new version (a new label)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from certification.models import STANDARD, Criterion, Section, StandardVersion
from certification.standard_file import StandardFile
from network.activity import activity_record, changes_between

RULE_FIELDS = (
    "certificate_validity_months",
    "renewal_notice_days",
    "grace_days",
    "eligibility_review_days",
    "objection_period_days",
    "objection_reminder_days",
)
VERSION_FIELDS = ("title_es", "title_en", "in_force_from", *RULE_FIELDS)


class PublishedVersionChanged(Exception):
    """The file differs from a version already published: it needs a new label."""

    def __init__(self, version: StandardVersion, differences: list[str]):
        self.version, self.differences = version, differences
        super().__init__(
            f"{version} is published and is never changed in place; it differs from the "
            f"file in: {', '.join(differences)}. Give the file a new label (a new version)."
        )


@dataclass
class LoadResult:
    version: StandardVersion
    outcome: str  # "created", "updated" or "unchanged"
    published: bool = False  # published by this load
    differences: list[str] = field(default_factory=list)


def _wanted_fields(standard: StandardFile) -> dict:
    """The version's columns as the file gives them, the model's defaults for the rest."""
    fields = {}
    for name in VERSION_FIELDS:
        if name in standard.version_fields:
            fields[name] = standard.version_fields[name]
        else:
            fields[name] = StandardVersion._meta.get_field(name).get_default()
    return fields


def _stored(version: StandardVersion) -> tuple[dict, dict, dict]:
    sections = {s.code: s for s in Section.objects.filter(standard_version=version)}
    criteria = {
        c.code: c
        for c in Criterion.objects.filter(standard_version=version).select_related("section")
    }
    return {name: getattr(version, name) for name in VERSION_FIELDS}, sections, criteria


def _section_row(section: Section) -> dict:
    return {"position": section.position, "name_es": section.name_es, "name_en": section.name_en}


def _criterion_row(criterion: Criterion) -> dict:
    return {
        "section_code": criterion.section.code,
        "position": criterion.position,
        "text_es": criterion.text_es,
        "text_en": criterion.text_en,
        "criterion_class": criterion.criterion_class,
        "actor_types": list(criterion.actor_types),
        "checked_in_desk": criterion.checked_in_desk,
        "mandatory_from_year": criterion.mandatory_from_year,
        "from_member_register": criterion.from_member_register,
    }


def differences(version: StandardVersion, standard: StandardFile) -> list[str]:
    """What the file would change in the stored version ([] when they agree)."""
    stored_fields, sections, criteria = _stored(version)
    found = [
        name for name, value in _wanted_fields(standard).items() if stored_fields[name] != value
    ]
    wanted_sections = {s.code: s.fields() for s in standard.sections}
    for code in sorted(set(sections) | set(wanted_sections)):
        if code not in sections:
            found.append(f"section {code} (new)")
        elif code not in wanted_sections:
            found.append(f"section {code} (removed)")
        elif _section_row(sections[code]) != wanted_sections[code]:
            found.append(f"section {code}")
    wanted_criteria = {
        c.code: {"section_code": c.section_code, **c.fields()} for c in standard.criteria
    }
    for code in sorted(set(criteria) | set(wanted_criteria)):
        if code not in criteria:
            found.append(f"criterion {code} (new)")
        elif code not in wanted_criteria:
            found.append(f"criterion {code} (removed)")
        else:
            stored = _criterion_row(criteria[code])
            changed = [
                name for name, value in wanted_criteria[code].items() if stored[name] != value
            ]
            if changed:
                found.append(f"criterion {code} ({', '.join(changed)})")
    return found


@transaction.atomic
def standard_load(*, standard: StandardFile, by=None, publish: bool = False) -> LoadResult:
    """Create or update the draft version a file describes (and publish it if asked).
    Raises PublishedVersionChanged when the file differs from a published version."""
    version = (
        StandardVersion.objects.select_for_update()
        .filter(code=standard.code, label=standard.label)
        .first()
    )
    if version is None:
        version = StandardVersion.objects.create(
            code=standard.code, label=standard.label, **_wanted_fields(standard)
        )
        codes = _sync(version, standard)
        activity_record(
            actor=by,
            verb="standard.created",
            target=version,
            changes={"codes_created": codes["created"]},
        )
        result = LoadResult(version, "created")
    else:
        found = differences(version, standard)
        if found and version.is_published:
            raise PublishedVersionChanged(version, found)
        result = LoadResult(version, "updated" if found else "unchanged", differences=found)
        if found:
            _update(version, standard, by=by)
    if publish and not version.is_published:
        standard_publish(version=version, by=by)
        result.published = True
    return result


def _update(version: StandardVersion, standard: StandardFile, *, by) -> None:
    wanted = _wanted_fields(standard)
    before = {name: getattr(version, name) for name in VERSION_FIELDS}
    for name, value in wanted.items():
        setattr(version, name, value)
    version.save()
    codes = _sync(version, standard)
    changes = changes_between(before, wanted)
    changes.update({f"codes_{kind}": found for kind, found in codes.items() if found})
    activity_record(actor=by, verb="standard.updated", target=version, changes=changes)


def _sync(version: StandardVersion, standard: StandardFile) -> dict[str, list[str]]:
    """Make the version's sections and criteria those of the file; returns the codes of
    the criteria created, updated and removed."""
    _stored_fields, sections, criteria = _stored(version)
    for data in standard.sections:
        section = sections.get(data.code)
        if section is None:
            sections[data.code] = Section.objects.create(
                standard_version=version, code=data.code, **data.fields()
            )
        elif _section_row(section) != data.fields():
            for name, value in data.fields().items():
                setattr(section, name, value)
            section.save()
    codes = {"created": [], "updated": [], "removed": []}
    new = []
    for data in standard.criteria:
        criterion = criteria.get(data.code)
        wanted = {"section_code": data.section_code, **data.fields()}
        if criterion is None:
            new.append(
                Criterion(
                    standard_version=version,
                    section=sections[data.section_code],
                    code=data.code,
                    **data.fields(),
                )
            )
            codes["created"].append(data.code)
        elif _criterion_row(criterion) != wanted:
            criterion.section = sections[data.section_code]
            for name, value in data.fields().items():
                setattr(criterion, name, value)
            criterion.save()
            codes["updated"].append(data.code)
    Criterion.objects.bulk_create(new)
    gone = set(criteria) - {data.code for data in standard.criteria}
    if gone:
        Criterion.objects.filter(standard_version=version, code__in=gone).delete()
        codes["removed"] = sorted(gone)
    kept_sections = {data.code for data in standard.sections}
    Section.objects.filter(standard_version=version).exclude(code__in=kept_sections).delete()
    return codes


@transaction.atomic
def standard_publish(*, version: StandardVersion, by=None) -> StandardVersion:
    """Draft → published: from now on the version is the record applications are filed
    under (it applies from its `in_force_from`) and is never edited."""
    STANDARD.move(version, "publish", by=by, published_at=timezone.now())
    return version
