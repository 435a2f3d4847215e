"""Standard files as YAML documents that remember where each mapping was written (for
messages naming the line), with `based_on` files resolved: an earlier version's document
with the later file's changes applied."""

from __future__ import annotations

from pathlib import Path

import yaml


class Located(dict):
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
    data = Located()
    data.source, data.line = loader.name, node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _located_map)


def document(path: Path, errors: list[str], *, seen: tuple = ()) -> Located:
    """The file's document (`based_on` applied); problems are added to `errors`."""
    path = path.resolve()
    if path in seen:
        errors.append(f"{path.name}: based_on goes round in a circle ({path.name})")
        return Located()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        errors.append(f"{path}: cannot be read ({error.strerror or error})")
        return Located()
    loader = _Loader(text)
    loader.name = path.name
    try:
        found = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        errors.append(f"{path.name}{where}: not valid YAML ({problem})")
        return Located()
    finally:
        loader.dispose()
    if not isinstance(found, Located):
        errors.append(f"{path.name}: the file must be a mapping (code, label, title, ...)")
        return Located()
    base = found.get("based_on")
    if base is None:
        return found
    if not isinstance(base, str):
        errors.append(f"{path.name}, line {found.line}: based_on must name a file")
        return found
    earlier = document(path.parent / base, errors, seen=(*seen, path))
    return _with_changes(earlier, found, errors)


def _merged(base: dict, changes: Located) -> Located:
    """`base` with the keys of `changes` (mappings merged one level down), located where
    the changes were written."""
    merged = Located(base)
    merged.source, merged.line = changes.source, changes.line
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            value = _merged(base[key], value)
        merged[key] = value
    return merged


def _with_changes(base: Located, changes: Located, errors: list[str]) -> Located:
    """An earlier version's document with a later file's changes applied: top-level keys
    replace (mappings merge), sections and criteria merge by code, new ones are appended,
    `removed` criteria are dropped."""
    top = {k: v for k, v in changes.items() if k not in {"sections", "removed", "based_on"}}
    merged = _merged(base, _relocated(top, changes))
    merged.pop("based_on", None)
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
    merged["sections"] = [_without(section, set(removed)) for section in sections]
    return merged


def _section_with_changes(section: Located, change: Located) -> Located:
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


def _without(section: Located, codes: set) -> Located:
    kept = _relocated(section, section)
    kept["criteria"] = [
        criterion
        for criterion in section.get("criteria") or []
        if not (isinstance(criterion, dict) and criterion.get("code") in codes)
    ]
    return kept


def _relocated(values: dict, where: Located) -> Located:
    located = Located(values)
    located.source, located.line = where.source, where.line
    return located
