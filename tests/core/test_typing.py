"""What `make typecheck` (mypy) reads is typed: the services, selectors and permissions modules.

mypy itself takes a minute and runs in `make check`; this test keeps the cheap half of its rules on
every run: every function of those modules annotates its parameters and its return, an `actor` is
a User (`User | None` where nobody may act), and a `# type: ignore` names the error it silences.
"""

import ast
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The same apps and modules as the Makefile's `typecheck` target.
TYPECHECK_APPS = ("iclon", "partnerships", "programmes", "professionalisation", "research")
LAYERS = ("services", "selectors", "permissions")


def typechecked_files() -> list[pathlib.Path]:
    found = []
    for app in TYPECHECK_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts:
                continue
            if path.stem in LAYERS or any(part in LAYERS for part in parts[:-1]):
                found.append(path)
    return found


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.arg]:
    args = function.args
    parameters = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    parameters += [arg for arg in (args.vararg, args.kwarg) if arg is not None]
    if parameters and parameters[0].arg in ("self", "cls"):
        parameters = parameters[1:]
    return parameters


def test_the_typechecked_modules_are_found():
    names = {str(path.relative_to(ROOT)) for path in typechecked_files()}
    assert "programmes/placements/services.py" in names
    assert "programmes/intake/services/applications.py" in names
    assert "programmes/catalogue/selectors.py" in names


@pytest.mark.parametrize("path", typechecked_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_function_is_annotated(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    missing = []
    for function in _functions(tree):
        where = f"{path.relative_to(ROOT)}:{function.lineno} {function.name}"
        missing += [f"{where}({arg.arg})" for arg in _parameters(function) if arg.annotation is None]
        if function.returns is None:
            missing.append(f"{where} -> ?")
    assert missing == []


@pytest.mark.parametrize("path", typechecked_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_an_actor_is_a_user(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    wrong = []
    for function in _functions(tree):
        for arg in _parameters(function):
            if arg.arg == "actor" and arg.annotation is not None:
                annotation = ast.unparse(arg.annotation)
                if annotation not in ("User", "User | None", "User | AnonymousUser | None"):
                    wrong.append(f"{path.relative_to(ROOT)}:{function.lineno} {function.name}: {annotation}")
    assert wrong == []


@pytest.mark.parametrize("path", typechecked_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_type_ignore_names_its_error(path):
    bare = [
        f"{path.relative_to(ROOT)}:{number}"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"#\s*type:\s*ignore(?!\[[a-z-]+(, ?[a-z-]+)*\])", line)
    ]
    assert bare == []
