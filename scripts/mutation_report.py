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


def results(roots: list[Path]) -> dict[str, dict[str, int | None]]:
    """{module: {mutant: exit code or None}}, each mutant's result taken from the first folder in
    `roots` that checked it (runs made in several checkouts complete each other)."""
    merged: dict[str, dict[str, int | None]] = {}
    for root in roots:
        for meta in sorted(root.rglob("*.py.meta")):
            codes = json.loads(meta.read_text())["exit_code_by_key"]
            module = merged.setdefault(module_name(meta, root), {})
            for mutant, code in codes.items():
                if module.get(mutant) is None:
                    module[mutant] = code
    return merged


def rows(roots: list[Path]):
    for module, by_mutant in sorted(results(roots).items()):
        codes = list(by_mutant.values())
        checked = [c for c in codes if c is not None]
        killed = sum(c in KILLED or c in TIMEOUT for c in checked)
        yield {
            "module": module,
            "mutants": len(codes),
            "checked": len(checked),
            "killed": killed,
            "timeouts": sum(c in TIMEOUT for c in checked),
            "survived": sum(c in SURVIVED for c in checked),
            "no_tests": sum(c in NO_TESTS for c in checked),
            "score": killed / len(checked) if checked else None,
        }


def main() -> int:
    # Several mutants/ folders (runs in separate checkouts) may be given, the newest run first.
    roots = [Path(arg) for arg in sys.argv[1:]] or [ROOT]
    if not any(root.exists() for root in roots):
        print("No mutants/ folder: run `make mutation` first.", file=sys.stderr)
        return 1
    print("| module | mutants | checked | killed (of which timeouts) | survived | no test reaches | killed % |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows(roots):
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
