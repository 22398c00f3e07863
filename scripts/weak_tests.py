#!/usr/bin/env python
"""List the tests that check nothing but an HTTP status code.

A test whose only assertions are `assert response.status_code == 403` passes when the view answers
403 and still writes the row, or answers 200 with another school's trainees on the page. Every
test that makes a request must also state its outcome: what a page shows (or, for a refusal, does
not show), or, for a refused write, that nothing was written (`tests.utils.nothing_written`).

A status assertion compares status codes with expected values, however these are spelled (`403`,
`HTTPStatus.FORBIDDEN`, `MATRIX[name][i]`, a list of them), without reading the response's body,
context or headers. Other checks are any other `assert`, `pytest.raises`/`pytest.fail`, and any
call whose name contains "assert" or "nothing_written" (`django_assert_num_queries`...).

A test is "status-only" when one path through it (following `if`/`else` and `match`) makes a
status assertion and no other check: a parametrised permission table that checks the page on its
200 rows but only the status on its 403 rows counts. Checks are gathered from the test's body and
from the functions of the same module that it calls, recursively, so a module helper that asserts
a status counts as a status assertion. Branches are followed without knowing which are taken
together, so a table whose rows are told apart by two separate `if`s may be flagged although each
row checks something: state the check on every branch.

Run `python scripts/weak_tests.py` to print them (exit status 1 when there are any);
tests/core/test_weak_tests.py fails when one appears.
"""

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OTHER_CHECK_CALLS = ("assert", "nothing_written")
PYTEST_CHECKS = {"raises", "fail", "warns"}


@dataclass(frozen=True)
class WeakTest:
    path: Path
    name: str
    line: int

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.name}"


def _is_status(node: ast.expr) -> bool:
    """An expression that yields status codes: `x.status_code`, or a comprehension of them."""
    if isinstance(node, ast.Attribute) and node.attr == "status_code":
        return True
    if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
        return _is_status(node.elt)
    if isinstance(node, ast.DictComp):
        return _is_status(node.value)
    if isinstance(node, ast.Tuple | ast.List) and node.elts:
        return all(_is_status(element) for element in node.elts)
    return False


# What a response holds besides its status: an operand reading one of these checks the response.
CONTENT_ATTRIBUTES = {
    "content",
    "streaming_content",
    "json",
    "data",
    "context",
    "templates",
    "headers",
    "url",
    "redirect_chain",
    "cookies",
}


def _reads_content(node: ast.expr) -> bool:
    """Whether an expression reads more of a response than its status: its body, context or a
    header (`response["Location"]`)."""
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute) and child.attr in CONTENT_ATTRIBUTES:
            return True
        if (
            isinstance(child, ast.Subscript)
            and isinstance(child.slice, ast.Constant)
            and isinstance(child.slice.value, str)
            and child.slice.value[:1].isupper()
        ):
            return True  # a header, as `response["Content-Type"]`
    return False


def is_status_assertion(test: ast.expr) -> bool:
    """A comparison of status codes with expected values, however these are spelled (`403`,
    `HTTPStatus.FORBIDDEN`, `MATRIX[name][i]`), joined by `and`, or `all(...)` of them."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return all(is_status_assertion(value) for value in test.values)
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "all" and test.args:
        argument = test.args[0]
        return isinstance(argument, ast.GeneratorExp | ast.ListComp) and is_status_assertion(argument.elt)
    if isinstance(test, ast.Compare):
        operands = [test.left, *test.comparators]
        return any(_is_status(operand) for operand in operands) and not any(
            _reads_content(operand) for operand in operands if not _is_status(operand)
        )
    return False


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_other_check_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "pytest":
        return func.attr in PYTEST_CHECKS
    name = _call_name(call).lower()
    return any(word in name for word in OTHER_CHECK_CALLS)


# An outcome is what one path through a test checks: (has a status assertion, has another check).
Outcome = tuple[bool, bool]
NOTHING: frozenset[Outcome] = frozenset({(False, False)})


def _then(first: frozenset[Outcome], second: frozenset[Outcome]) -> frozenset[Outcome]:
    """The outcomes of running `first` and then `second`."""
    return frozenset((a[0] or b[0], a[1] or b[1]) for a in first for b in second)


class _Checks:
    """The outcomes of the functions of one module, following `if`/`else` and `match` branches: a
    parametrised matrix that checks the page on its 200 rows but only the status on its 403 rows
    is status-only on those rows."""

    def __init__(self, helpers: dict[str, ast.FunctionDef]):
        self.helpers = helpers
        self.known: dict[str, frozenset[Outcome]] = {}

    def function(self, function: ast.FunctionDef) -> frozenset[Outcome]:
        if function.name not in self.known:
            self.known[function.name] = NOTHING  # a recursive call adds nothing
            self.known[function.name] = self.block(function.body)
        return self.known[function.name]

    def block(self, statements: list[ast.stmt]) -> frozenset[Outcome]:
        outcomes = NOTHING
        for statement in statements:
            outcomes = _then(outcomes, self.statement(statement))
        return outcomes

    def statement(self, node: ast.stmt) -> frozenset[Outcome]:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            return NOTHING
        if isinstance(node, ast.Assert):
            return _then(
                self.expressions([node.test]),
                frozenset({(is_status_assertion(node.test), not is_status_assertion(node.test))}),
            )
        if isinstance(node, ast.If):
            return _then(self.expressions([node.test]), self.block(node.body) | self.block(node.orelse))
        if isinstance(node, ast.Match):
            cases = frozenset().union(*(self.block(case.body) for case in node.cases))
            return _then(self.expressions([node.subject]), cases)
        expressions = [child for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)]
        outcomes = self.expressions(expressions)
        for field in ("body", "handlers", "orelse", "finalbody", "cases"):
            children = getattr(node, field, None)
            if children and field == "handlers":
                for handler in children:
                    outcomes = _then(outcomes, self.block(handler.body))
            elif children:
                outcomes = _then(outcomes, self.block(children))
        if isinstance(node, ast.With | ast.AsyncWith):
            outcomes = _then(self.expressions([item.context_expr for item in node.items]), outcomes)
        return outcomes

    def expressions(self, expressions: list[ast.expr]) -> frozenset[Outcome]:
        """The checks made by the calls inside expressions (a helper called, `pytest.raises`...)."""
        outcomes = NOTHING
        for expression in expressions:
            for node in ast.walk(expression):
                if not isinstance(node, ast.Call):
                    continue
                if _is_other_check_call(node):
                    outcomes = _then(outcomes, frozenset({(False, True)}))
                elif isinstance(node.func, ast.Name) and node.func.id in self.helpers:
                    outcomes = _then(outcomes, self.function(self.helpers[node.func.id]))
        return outcomes


def _test_functions(tree: ast.Module) -> Iterator[ast.FunctionDef]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            yield node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for member in node.body:
                if isinstance(member, ast.FunctionDef) and member.name.startswith("test"):
                    yield member


def weak_tests_in(path: Path) -> list[WeakTest]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    helpers = {
        node.name: node for node in tree.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("test")
    }
    checks = _Checks(helpers)
    return [
        WeakTest(path, test.name, test.lineno)
        for test in _test_functions(tree)
        if (True, False) in checks.function(test)
    ]


def status_only_tests(tests_dir: Path = ROOT / "tests") -> list[WeakTest]:
    weak = []
    for path in sorted(tests_dir.rglob("test_*.py")):
        weak.extend(weak_tests_in(path))
    return weak


def main() -> int:
    weak = status_only_tests()
    for test in weak:
        print(test)
    print(f"{len(weak)} tests assert only a status code.")
    return 1 if weak else 0


if __name__ == "__main__":
    sys.exit(main())
