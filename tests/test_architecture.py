"""Dependencies point one way (architecture.md): advocacy and certification may import
producers and network; producers may import network; network imports none of them."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

MAY_IMPORT = {
    "network": set(),
    "producers": {"network"},
    "certification": {"network", "producers"},
    "advocacy": {"network", "producers"},
}


def imported_apps(app: str) -> dict[str, set[str]]:
    """{other app: files of `app` that import it}."""
    found: dict[str, set[str]] = {}
    for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in MAY_IMPORT and top != app:
                    found.setdefault(top, set()).add(str(path.relative_to(settings.BASE_DIR)))
    return found


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_an_app_imports_only_the_apps_below_it(app):
    forbidden = {
        other: files for other, files in imported_apps(app).items() if other not in MAY_IMPORT[app]
    }
    assert forbidden == {}
