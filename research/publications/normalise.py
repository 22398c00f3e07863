"""How publications are compared: the normalised DOI, the title key and the name key.

* A DOI is stored in lower case, without `https://doi.org/`, `http://dx.doi.org/` or `doi:` in
  front (DOIs are case-insensitive: https://www.doi.org/the-identifier/resources/handbook).
* The title key is the title in lower case, without accents, punctuation, LaTeX braces or
  repeated spaces: "Feedback in the {Classroom}: a review." and "feedback in the classroom - a
  review" have the same key.
* The name key of a person is "given-names family-name" in lower case without accents or academic
  titles; "Jansen, H." and "Prof. dr. Hendrik Jansen" share the surname key "jansen" and initial "h".
"""

from __future__ import annotations

import re
import unicodedata

_DOI_PREFIX = re.compile(r"^\s*(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")

#: Academic titles left out of a name's key.
TITLES = {"prof", "dr", "drs", "ir", "mr", "ing", "msc", "ma", "ba", "bsc", "phd", "med", "em"}


def normalise_doi(value: str | None) -> str:
    """The stored form of a DOI: lower case, without a resolver prefix ("" when empty)."""
    value = (value or "").strip()
    while True:
        stripped = _DOI_PREFIX.sub("", value)
        if stripped == value:
            break
        value = stripped
    return value.strip().lower()


def is_doi(value: str) -> bool:
    return bool(DOI_SHAPE.match(value))


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("{", "").replace("}", "").lower()
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


def title_key(title: str) -> str:
    """The key of a title for duplicate detection (at most 300 characters)."""
    return _plain(title)[:300]


def split_name(name: str) -> tuple[str, str]:
    """(given names, family name) of a name written "Family, Given" or "Given Family" (a "von" part
    like "van der" stays with the family name when written first: "van Doorn, Marieke")."""
    name = _SPACES.sub(" ", (name or "").replace("{", "").replace("}", "")).strip()
    if "," in name:
        family, _, given = name.partition(",")
        return given.strip(), family.strip()
    words = name.split(" ")
    if len(words) == 1:
        return "", words[0]
    # Dutch particles belong to the family name: "Marieke van Doorn" → ("Marieke", "van Doorn").
    for index, word in enumerate(words[1:-1], start=1):
        if word.lower() in {"van", "de", "der", "den", "ter", "ten", "te", "von", "el", "al", "la", "le", "du"}:
            return " ".join(words[:index]), " ".join(words[index:])
    return " ".join(words[:-1]), words[-1]


def _without_titles(words: list[str]) -> list[str]:
    return [word for word in words if word not in TITLES]


def name_key(name: str) -> str:
    """ "given family" in plain lower case, academic titles left out."""
    given, family = split_name(name)
    return " ".join(_without_titles(_plain(f"{given} {family}").split()))


def surname_initial(name: str) -> tuple[str, str]:
    """(family name key, first initial) of a name: ("van doorn", "m") for "van Doorn, M."."""
    given, family = split_name(name)
    given_words = _without_titles(_plain(given).split())
    return _plain(family), (given_words[0][:1] if given_words else "")


def researcher_name_parts(full_name: str) -> tuple[str, str]:
    """(family name key, first initial) of a researcher's full name ("Prof. dr. Marieke van Doorn")."""
    words = full_name.replace(".", ". ").split()
    words = [word for word in words if _plain(word) not in TITLES]
    return surname_initial(" ".join(words))
