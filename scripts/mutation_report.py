"""Print the share of mutants killed per module from mutmut's results (mutants/**/*.meta).

Run by `make mutation` after each run, and alone by `make mutation-report`. A mutant counts as
killed when a test failed on it (or it ran past the time limit, which a test also notices); the
score is killed / checked, where "checked" leaves out the mutants not run yet. Mutants that no
test reaches count as survivors: code no test runs is code no test defends.
"""

import json
import sys
from pathlib import Path

KILLED = {1, 3}  # a test failed; pytest's internal error on the mutant is a kill too
TIMEOUT = {36, 24, -24, 152, 255}
NO_TESTS = {5, 33}
SURVIVED = {0}
ROOT = Path(__file__).resolve().parents[1] / "mutants"


def module_name(meta: Path, root: Path) -> str:
    return str(meta.relative_to(root)).removesuffix(".py.meta").replace("/", ".")


def rows(root: Path):
    for meta in sorted(root.rglob("*.py.meta")):
        codes = list(json.loads(meta.read_text())["exit_code_by_key"].values())
        checked = [c for c in codes if c is not None]
        killed = sum(c in KILLED or c in TIMEOUT for c in checked)
        timeouts = sum(c in TIMEOUT for c in checked)
        yield {
            "module": module_name(meta, root),
            "mutants": len(codes),
            "checked": len(checked),
            "killed": killed,
            "timeouts": timeouts,
            "survived": sum(c in SURVIVED for c in checked),
            "no_tests": sum(c in NO_TESTS for c in checked),
            "score": killed / len(checked) if checked else None,
        }


def main() -> int:
    # Several mutants/ folders (runs in separate checkouts) may be given; a module is taken from
    # the first folder in which it has checked mutants.
    roots = [Path(arg) for arg in sys.argv[1:]] or [ROOT]
    if not any(root.exists() for root in roots):
        print("No mutants/ folder: run `make mutation` first.", file=sys.stderr)
        return 1
    table: dict[str, dict] = {}
    for root in roots:
        for row in rows(root):
            current = table.get(row["module"])
            if current is None or (row["checked"] and not current["checked"]):
                table[row["module"]] = row
    print("| module | mutants | checked | killed (of which timeouts) | survived | no test reaches | killed % |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for _module, row in sorted(table.items()):
        if not row["mutants"]:
            continue
        score = "–" if row["score"] is None else f"{100 * row['score']:.1f}"
        print(
            f"| `{row['module']}` | {row['mutants']} | {row['checked']} | {row['killed']} ({row['timeouts']}) | "
            f"{row['survived']} | {row['no_tests']} | {score} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
