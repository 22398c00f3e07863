"""The catalogue's search words: what people type ("leraar biologie", "pabo", "zij-instroom") and
what it means for the routes. Data, not code: a word that is only filler is dropped, a common word
stands for a property of a route, and any other word must occur in a route's name, summary, programme
or one of its school subjects (Dutch or English). Some words bring a note to the answer (the pabo is
not ICLON's: the note says where primary-school routes are)."""

import re

from django.db.models import Exists, OuterRef, Q

from programmes.catalogue.models import SchoolSubject

# Filler in a search ("I want to become a biology teacher"): dropped.
FILLER_WORDS = frozenset(
    {
        "leraar",
        "lerares",
        "leraren",
        "docent",
        "docente",
        "lerarenopleiding",
        "opleiding",
        "worden",
        "word",
        "ik",
        "wil",
        "als",
        "zij",
        "teacher",
        "teachers",
        "teaching",
        "become",
        "i",
        "want",
        "to",
        "a",
        "route",
        "routes",
    }
)

# A common word → the routes it stands for (lookups on Pathway; all of them must hold).
PRIMARY = {"sector": "po"}
LATERAL_ENTRY = {"requires_teaching_job": True}
COMMON_WORDS: dict[str, dict] = {
    "pabo": PRIMARY,
    "basisschool": PRIMARY,
    "basisonderwijs": PRIMARY,
    "primair": PRIMARY,
    "po": PRIMARY,
    "primary": PRIMARY,
    "zij-instroom": LATERAL_ENTRY,
    "zijinstroom": LATERAL_ENTRY,
    "zij-instromer": LATERAL_ENTRY,
    "zij-instromers": LATERAL_ENTRY,
    "instroom": LATERAL_ENTRY,
    "lateral": LATERAL_ENTRY,
    "lateral-entry": LATERAL_ENTRY,
    "career-changer": LATERAL_ENTRY,
    "voortgezet": {"sector": "vo"},
    "vo": {"sector": "vo"},
    "secondary": {"sector": "vo"},
    "deeltijd": {"mode": "part_time"},
    "part-time": {"mode": "part_time"},
    "voltijd": {"mode": "full_time"},
    "full-time": {"mode": "full_time"},
    "duaal": {"mode": "work_study"},
    "eerstegraads": {"qualification__kind": "first_degree"},
    "tweedegraads": {"qualification__kind": "second_degree"},
}

# A word → the note the answer shows with it (the template has the note's text).
NOTE_PABO = "pabo"
NOTES = {"pabo": NOTE_PABO, "basisschool": NOTE_PABO, "basisonderwijs": NOTE_PABO}

SEARCH_FIELDS = ("name_nl", "name_en", "summary_nl", "summary_en", "programme__name_nl", "programme__name_en")
MAX_WORDS = 8


def words(q: str) -> list[str]:
    """The words of a search, lower case, without filler."""
    found = [word.strip(".,;:!?\"'()") for word in re.split(r"\s+", (q or "").lower())]
    return [word for word in found if word and word not in FILLER_WORDS][:MAX_WORDS]


def _word_filter(word: str) -> Q:
    if word in COMMON_WORDS:
        return Q(**COMMON_WORDS[word])
    in_text = Q()
    for name in SEARCH_FIELDS:
        in_text |= Q(**{f"{name}__icontains": word})
    subject = SchoolSubject.objects.filter(pathways=OuterRef("pk")).filter(
        Q(name_nl__icontains=word) | Q(name_en__icontains=word) | Q(slug__icontains=word)
    )
    return in_text | Q(Exists(subject))


def search_filter(q: str) -> Q | None:
    """The filter on Pathway for the search `q` (every word must match), or None without words."""
    found = words(q)
    if not found:
        return None
    combined = Q()
    for word in found:
        combined &= _word_filter(word)
    return combined


def notes(q: str) -> list[str]:
    """The notes the answer to `q` shows (each once)."""
    return list(dict.fromkeys(NOTES[word] for word in words(q) if word in NOTES))
