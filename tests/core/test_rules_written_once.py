"""Rules written once (docs/architecture.md, "Layers"), checked on every run by reading the code:

- "active staff holding a permission" is asked through `iclon.accounts.roles.staff_may`, never a
  `has_perm` / `is_staff` check of one's own;
- a service's refusal becomes a form error through `iclon.core.forms.add_portal_error`, never a
  hand-made `add_error` mapping;
- services and selectors return data, never an HTTP response.

The admin modules are left out of the first two for now: the admin site admits active staff only
(its `has_*_permission` hooks ask `has_perm` by design), and its save pattern is being brought onto
`ServiceModelForm` separately.
"""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIRST_PARTY = ("iclon", "partnerships", "research", "programmes", "professionalisation")
STAFF_MAY = ROOT / "iclon" / "accounts" / "roles.py"
ADD_PORTAL_ERROR = ROOT / "iclon" / "core" / "forms.py"
HTTP_MODULES = ("django.http", "django.shortcuts", "rest_framework.response")


def source_files():
    for package in FIRST_PARTY:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def is_admin(path: pathlib.Path) -> bool:
    return path.stem == "admin" or "admin" in path.relative_to(ROOT).parts


def is_service_or_selector(path: pathlib.Path) -> bool:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return any(part in ("services", "selectors") for part in parts)


def tree(path: pathlib.Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def where(path: pathlib.Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def calls(node: ast.AST, attribute: str):
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and inner.func.attr == attribute:
            yield inner


def test_staff_rights_are_asked_through_staff_may():
    own_checks = [
        where(path, call)
        for path in source_files()
        if path != STAFF_MAY and not is_admin(path)
        for name in ("has_perm", "has_perms")
        for call in calls(tree(path), name)
    ]
    assert own_checks == []


def _names(node: ast.expr | None) -> set[str]:
    if node is None:
        return set()
    return {
        n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(node) if isinstance(n, ast.Name | ast.Attribute)
    }


def test_refusals_become_form_errors_through_add_portal_error():
    """No `except PortalError` (or subclass) block, and no function taking a PortalError, writes
    `add_error` itself."""
    errors = {"PortalError", "Conflict", "NotAllowed", "BadDocument", "OfferFull", "DeadlinePassed"}
    hand_made = []
    for path in source_files():
        if path == ADD_PORTAL_ERROR or is_admin(path):
            continue
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.ExceptHandler) and _names(node.type) & errors:
                hand_made += [where(path, call) for call in calls(node, "add_error")]
            elif isinstance(node, ast.FunctionDef):
                annotations = set().union(*(_names(arg.annotation) for arg in node.args.args + node.args.kwonlyargs))
                if annotations & errors:
                    hand_made += [where(path, call) for call in calls(node, "add_error")]
    assert hand_made == []


def builds_a_response(module: str | None, name: str) -> bool:
    """A name that makes an HTTP response (Http404, an exception, is not one)."""
    if module in ("django.http", "rest_framework.response"):
        return "Response" in name
    return module == "django.shortcuts" and name in ("render", "redirect")


def test_services_and_selectors_build_no_http_response():
    responses = []
    for path in source_files():
        if not is_service_or_selector(path):
            continue
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.ImportFrom):
                wrong = any(builds_a_response(node.module, alias.name) for alias in node.names)
            else:
                wrong = isinstance(node, ast.Import) and any(alias.name in HTTP_MODULES for alias in node.names)
            if wrong:
                responses.append(where(path, node))
    assert responses == []
