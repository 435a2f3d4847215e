"""One way to declare access (network/access.py), checked in the source of every view
module of every app: a view gets its objects through its app's `<thing>_for(request,
pk, capability)` helpers and the `*_visible_to` selectors, never from a model manager;
a view on an object (a `pk` or `*_pk` argument) calls such a helper; and no decorator
that only signs people in stands for staff access."""

import ast
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Model

APPS = ["network", "producers", "certification", "advocacy"]
MANAGERS = {"objects", "_default_manager", "_base_manager"}
LOOKUPS = {"get_object_or_404", "get_list_or_404"}


def view_modules() -> list[Path]:
    """Every views.py, and every module of a views/ package, of our apps."""
    found = []
    for app in APPS:
        root = Path(settings.BASE_DIR) / app
        found += [path for path in [root / "views.py"] if path.exists()]
        found += sorted((root / "views").rglob("*.py"))
    return found


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(settings.BASE_DIR).with_suffix("").parts)


def _is_model(module, node) -> bool:
    """A name in the module that is a model class (get_object_or_404(Model, ...))."""
    if not isinstance(node, ast.Name) or module is None:
        return False
    value = getattr(module, node.id, None)
    return isinstance(value, type) and issubclass(value, Model)


def manager_reads(source: str, module=None) -> list[int]:
    """Lines reading a model manager: `<Model>.objects`, or a model class handed to
    get_object_or_404 (which reads its manager)."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            lines.add(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in LOOKUPS
            and node.args
            and _is_model(module, node.args[0])
        ):
            lines.add(node.lineno)
    return sorted(lines)


def _body_without_docstring(function) -> list:
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return body


def _only_login_required(node) -> bool:
    """`login_required(view)`: the view itself, nothing checked around it."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "login_required"
        and all(isinstance(argument, ast.Name) for argument in node.args)
    )


def login_only_decorators(source: str) -> list[str]:
    """Decorators defined in a views module that do nothing but sign people in (`def
    staff_page(view): return login_required(view)`, or `staff = login_required`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef):
            body = _body_without_docstring(node)
            if (
                len(body) == 1
                and isinstance(body[0], ast.Return)
                and _only_login_required(body[0].value)
            ):
                found.append(node.name)
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Name)
            and node.value.id == "login_required"
        ):
            found += [target.id for target in node.targets if isinstance(target, ast.Name)]
    return found


def _called_names(function) -> set[str]:
    return {
        call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
        for call in ast.walk(function)
        if isinstance(call, ast.Call)
    }


def object_views_without_helper(source: str) -> list[str]:
    """Views taking an object's id (`pk`, `*_pk`) that call no `*_for` helper, neither
    themselves nor through the module's own functions they call."""
    functions = {
        node.name: node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)
    }

    def reaches_helper(name: str, seen: set) -> bool:
        seen.add(name)
        called = _called_names(functions[name])
        return any(callee.endswith("_for") for callee in called) or any(
            reaches_helper(callee, seen) for callee in called if callee in functions.keys() - seen
        )

    found = []
    for name, node in functions.items():
        arguments = [argument.arg for argument in node.args.args]
        if name.startswith("_") or name.endswith("_for") or arguments[:1] != ["request"]:
            continue
        takes_an_id = any(argument == "pk" or argument.endswith("_pk") for argument in arguments)
        if takes_an_id and not reaches_helper(name, set()):
            found.append(name)
    return found


def test_the_scan_sees_every_apps_views():
    scanned = {path.relative_to(settings.BASE_DIR).parts[0] for path in view_modules()}
    assert scanned == set(APPS)


@pytest.mark.parametrize("path", view_modules(), ids=_module_name)
def test_no_view_reads_a_model_manager(path):
    lines = manager_reads(path.read_text(), import_module(_module_name(path)))
    assert lines == [], f"{path}: use a *_visible_to selector or a *_for helper, lines {lines}"


@pytest.mark.parametrize("path", view_modules(), ids=_module_name)
def test_no_decorator_that_only_signs_in_stands_for_staff_access(path):
    assert login_only_decorators(path.read_text()) == []


@pytest.mark.parametrize("path", view_modules(), ids=_module_name)
def test_a_view_on_an_object_gets_it_through_a_helper(path):
    assert object_views_without_helper(path.read_text()) == []


def test_the_checks_catch_what_they_forbid():
    """The three checks are not blind: each finds its sample."""
    from network.models import CountryNetwork

    module = type("module", (), {"CountryNetwork": CountryNetwork})
    source = "a = Campaign.objects.filter(x=1)\nb = get_object_or_404(CountryNetwork, pk=1)\n"
    assert manager_reads(source, module) == [1, 2]
    assert manager_reads("c = get_object_or_404(visible(user), pk=1)\n", module) == []
    staff = 'def staff_page(view):\n    """Doc."""\n    return login_required(view)\n'
    assert login_only_decorators(staff + "staff = login_required\n") == ["staff_page", "staff"]
    assert login_only_decorators("def f(view):\n    return login_required(check(view))\n") == []
    views = (
        "def edit(request, pk):\n    return get_object_or_404(things(request.user), pk=pk)\n"
        "def show(request, pk):\n    thing = thing_for(request, pk)\n"
        "def add(request, pk):\n    return _form(request, pk)\n"
        "def _form(request, pk):\n    return thing_for(request, pk)\n"
        "def listing(request):\n    return None\n"
    )
    assert object_views_without_helper(views) == ["edit"]
