"""The code's layout, as docs/architecture.md and STYLE.md describe it, checked on every run.

- Domain apps are `DomainAppConfig`s; programmes is cut into catalogue ← intake ← placements, each
  slice holding its own layers.
- Dependencies point one way: between apps (core ← accounts ← notifications ← partnerships ←
  research ← programmes ← professionalisation) and between the slices of an app (a slice imports
  the ones before it, never one after; nor the app's gathering `models` package, which would hide
  such an import).
- No function-local import of the project's own modules (the sign of a dodged cycle), except in
  apps.py (imported before the models are loaded).
- No module outside migrations passes about 800 lines.
"""

import ast
import pathlib

import pytest
from django.apps import apps

from iclon.core.slices import DomainAppConfig, domain_apps

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIRST_PARTY = ("iclon", "partnerships", "research", "programmes", "professionalisation")
# What each top-level package may import (besides itself); iclon's own parts are ordered below.
ALLOWED = {
    "iclon": set(),
    "partnerships": {"iclon"},
    "research": {"iclon", "partnerships"},
    "programmes": {"iclon", "partnerships", "research"},
    "professionalisation": {"iclon", "partnerships", "research", "programmes"},
}
ICLON_ORDER = ["core", "accounts", "notifications"]
MAX_LINES = 800


def source_files():
    for package in FIRST_PARTY:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: pathlib.Path):
    """(imported module, line, inside a function, the function's name) of every first-party import."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []

    def visit(node, function=None):
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                # "from programmes.placements import services" imports programmes.placements.services
                names = [f"{child.module}.{alias.name}" for alias in child.names]
                found.extend((name, child.lineno, function) for name in names)
            elif isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, function) for alias in child.names)
            visit(child, inner)

    visit(tree)
    return [(name, line, function) for name, line, function in found if name.split(".")[0] in FIRST_PARTY]


def test_domain_apps_are_cut_into_slices():
    configs = {config.label: config for config in domain_apps()}
    assert {"partnerships", "research", "programmes", "professionalisation"} <= set(configs)
    assert configs["programmes"].slices == (
        "catalogue",
        "intake",
        "placements",
        "shortlist",
        "cycle",
        "supply",
        "vog",
        "support",
        "progress",
        "matchruns",
    )
    assert configs["professionalisation"].slices[0] == "activities"
    assert isinstance(apps.get_app_config("programmes"), DomainAppConfig)
    assert isinstance(apps.get_app_config("professionalisation"), DomainAppConfig)


@pytest.mark.parametrize(
    "slice_path",
    [
        "programmes/catalogue",
        "programmes/intake",
        "programmes/placements",
        "programmes/shortlist",
        "professionalisation/activities",
        "professionalisation/completion",
        "professionalisation/credentials",
        "professionalisation/circles",
    ],
)
def test_each_slice_of_a_domain_app_holds_its_layers(slice_path):
    folder = ROOT / slice_path
    for layer in ("models", "services", "selectors", "permissions", "views", "urls", "admin", "demo"):
        assert (folder / f"{layer}.py").exists() or (folder / layer / "__init__.py").exists(), (slice_path, layer)
    for layer in ("views", "serializers", "urls"):
        assert (folder / "api" / f"{layer}.py").exists(), (slice_path, "api", layer)


def test_the_gathering_modules_only_gather():
    """The apps' models/ and admin.py hold no code of their own: only imports."""
    for path in [
        ROOT / "programmes/models/__init__.py",
        ROOT / "programmes/admin.py",
        ROOT / "professionalisation/models/__init__.py",
        ROOT / "professionalisation/admin.py",
    ]:
        tree = ast.parse(path.read_text())
        kinds = {type(node).__name__ for node in tree.body} - {"Import", "ImportFrom", "Expr", "Assign"}
        assert not kinds, (path, kinds)


def test_apps_depend_one_way():
    wrong = []
    for path in source_files():
        own = module_name(path).split(".")[0]
        for name, line, _ in imports(path):
            other = name.split(".")[0]
            if other != own and other not in ALLOWED[own]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_iclon_parts_depend_one_way():
    """iclon/core knows neither accounts nor notifications; accounts does not know notifications."""
    wrong = []
    for path in source_files():
        parts = module_name(path).split(".")
        if parts[0] != "iclon" or len(parts) < 2 or parts[1] not in ICLON_ORDER:
            continue
        rank = ICLON_ORDER.index(parts[1])
        for name, line, _ in imports(path):
            target = name.split(".")
            if (
                target[0] == "iclon"
                and len(target) > 1
                and target[1] in ICLON_ORDER
                and ICLON_ORDER.index(target[1]) > rank
            ):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_slices_depend_one_way():
    wrong = []
    for config in domain_apps():
        order = list(config.slices)
        for path in source_files():
            parts = module_name(path).split(".")
            if parts[0] != config.name or len(parts) < 2 or parts[1] not in order:
                continue
            rank = order.index(parts[1])
            for name, line, _ in imports(path):
                target = name.split(".")
                if target[0] != config.name or len(target) < 2:
                    continue
                if target[1] == "models":
                    wrong.append(f"{path.relative_to(ROOT)}:{line} imports the gathering {name}")
                elif target[1] in order and order.index(target[1]) > rank:
                    wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name}, a slice above it")
    assert not wrong, "\n".join(wrong)


def test_intake_never_imports_placements():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in (ROOT / "programmes/intake").rglob("*.py")
        for name, line, _ in imports(path)
        if name.startswith("programmes.placements")
    ]
    assert not offenders


def test_no_function_local_imports_of_the_projects_modules():
    local = []
    for path in source_files():
        for name, line, function in imports(path):
            # apps.py is imported before the models are loaded: its methods import what needs them.
            if function is not None and path.name != "apps.py":
                local.append(f"{path.relative_to(ROOT)}:{line} imports {name} inside {function}()")
    assert not local, "\n".join(local)


def test_no_module_passes_800_lines():
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in source_files()
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert not long, "\n".join(long)


def service_modules():
    for path in source_files():
        relative = path.relative_to(ROOT)
        if path.name == "services.py" or "services" in relative.parts[:-1]:
            yield path


def test_services_open_their_transaction_in_the_body_not_by_decorator():
    """A service runs its writes inside `with transaction.atomic():`. Mutation testing (mutmut 3,
    docs/testing.md) does not mutate decorated functions, so a decorator would hide the service
    from the measure of how well the tests defend it."""
    decorated = []
    for path in service_modules():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for decorator in node.decorator_list:
                    target = decorator.func if isinstance(decorator, ast.Call) else decorator
                    if ast.unparse(target) in {"transaction.atomic", "atomic"}:
                        decorated.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert list(service_modules()), "no service modules found"
    assert decorated == []
