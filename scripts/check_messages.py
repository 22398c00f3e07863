#!/usr/bin/env python
"""CI check of the translations: the .po files hold every marked string (makemessages changes
nothing but dates), every Dutch entry is translated and not fuzzy, and the committed .mo files
are compiled from the current .po files."""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
MAKEMESSAGES = [
    sys.executable,
    "manage.py",
    "makemessages",
    "--locale",
    "nl",
    "--locale",
    "en",
    "--no-obsolete",
    "--no-location",
    "--ignore",
    ".venv/*",
    "--ignore",
    "staticfiles/*",
    "--ignore",
    "tests/*",
]


def po_entries(path: Path):
    """(msgid, msgstr-or-plurals, flags) of every entry but the header."""
    text = path.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        ids = re.findall(r'^msgid "(.*)"\n((?:".*"\n)*)', block + "\n", flags=re.M)
        if not ids:
            continue
        msgid = ids[0][0] + "".join(re.findall(r'"(.*)"', ids[0][1]))
        if not msgid:
            continue  # the header
        strs = re.findall(r'^msgstr(?:\[\d+\])? "(.*)"\n((?:".*"\n)*)', block + "\n", flags=re.M)
        values = [first + "".join(re.findall(r'"(.*)"', rest)) for first, rest in strs]
        yield msgid, values, flags


def main() -> int:
    problems = []
    subprocess.run(MAKEMESSAGES, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    diff = subprocess.run(
        ["git", "diff", "--stat", "-I", "POT-Creation-Date", "--", "locale"], cwd=ROOT, capture_output=True, text=True
    )
    if diff.stdout.strip():
        problems.append("The .po files are stale: run `make messages`, translate, commit.\n" + diff.stdout)
    for po in sorted(LOCALE.glob("nl/LC_MESSAGES/*.po")):
        for msgid, values, flags in po_entries(po):
            if "fuzzy" in flags or not values or any(not v for v in values):
                problems.append(f"{po.relative_to(ROOT)}: untranslated or fuzzy: {msgid!r}")
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "fresh.mo"
            subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)
            if not mo.exists() or mo.read_bytes() != fresh.read_bytes():
                problems.append(
                    f"{mo.relative_to(ROOT)} is not compiled from the current .po: run `make compilemessages`."
                )
    for problem in problems:
        print(problem)
    print(f"translations: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
