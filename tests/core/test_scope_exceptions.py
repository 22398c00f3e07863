"""Every way around the tenancy rule in runtime code says why it is there.

Runtime code reads school-owned and person-owned rows through its resource's selector
(`<resource>_list_for_user`, built on partnerships.tenancy.visible_rows). Where it must step
outside the rule (`django_scopes.scopes_disabled()`, `Model.objects.unscoped()`), a `# scope:`
comment on the line, or in the comment lines just above, gives the reason. Seeding demo and
volume data (demo.py, scale.py, the seed commands), migrations and tests are not runtime code.
"""

import ast
import pathlib

from tests.core.test_layout import ROOT, source_files

MARK = "# scope:"
ESCAPES = {"scopes_disabled", "unscoped"}
NOT_RUNTIME = {"demo.py", "scale.py", "seed_demo.py", "seed_scale.py"}


def runtime_files():
    for path in source_files():
        if path.name not in NOT_RUNTIME:
            yield path


def escapes(path: pathlib.Path) -> list[int]:
    """The lines of `path` where a call steps outside the tenancy rule."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in ESCAPES:
            lines.append(func.end_lineno)
    return sorted(lines)


def justified(source: list[str], line: int) -> bool:
    """A `# scope:` comment on the line, or in the block of comment lines right above it."""
    if MARK in source[line - 1]:
        return True
    index = line - 2
    while index >= 0 and source[index].strip().startswith("#"):
        if source[index].strip().startswith(MARK):
            return True
        index -= 1
    return False


def unjustified_escapes(files) -> list[str]:
    found = []
    for path in files:
        source = path.read_text().splitlines()
        found += [
            f"{path.relative_to(ROOT)}:{line}: {source[line - 1].strip()}"
            for line in escapes(path)
            if not justified(source, line)
        ]
    return found


def test_every_scope_escape_in_runtime_code_says_why():
    missing = unjustified_escapes(runtime_files())
    assert not missing, "add a '# scope: <why>' comment:\n" + "\n".join(missing)


def test_the_check_finds_an_escape_without_a_reason(tmp_path):
    """The check itself: a bare escape is reported, a commented one is not."""
    module = tmp_path / "module.py"
    module.write_text(
        "from django_scopes import scopes_disabled\n"
        "\n"
        "def bare():\n"
        "    with scopes_disabled():\n"
        "        return Placement.objects.unscoped().filter(\n"
        "            pk=1\n"
        "        )\n"
        "\n"
        "def explained():\n"
        "    # scope: a periodic task over every school.\n"
        "    # (more words)\n"
        "    rows = Placement.objects.unscoped()\n"
        "    with scopes_disabled():  # scope: constraint checks read every row.\n"
        "        return (\n"
        "            # scope: the lock re-reads a row found through the selector.\n"
        "            Evaluation.objects.unscoped()\n"
        "            .get(pk=1)\n"
        "        )\n"
    )
    source = module.read_text().splitlines()
    assert escapes(module) == [4, 5, 12, 13, 16]
    assert [line for line in escapes(module) if not justified(source, line)] == [4, 5]


def test_runtime_code_is_scanned():
    """The scan reaches the services, selectors and tasks (and leaves demo seeding out)."""
    scanned = {str(path.relative_to(ROOT)) for path in runtime_files()}
    assert {"programmes/placements/services.py", "partnerships/selectors.py", "programmes/placements/tasks.py"} <= (
        scanned
    )
    assert "programmes/placements/demo.py" not in scanned
    assert "iclon/core/management/commands/seed_demo.py" not in scanned
