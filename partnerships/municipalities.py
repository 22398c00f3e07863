"""One key for a Dutch municipality's or town's name, however it is written.

DUO writes "S GRAVENHAGE" (municipality) and "'S-GRAVENHAGE" (town), staff type "'s-Gravenhage",
trainees "Den Haag"; DUO writes "SUDWEST-FRYSLAN", the municipality calls itself "Súdwest-Fryslân".
Every place that compares or looks up such names (the DUO import, the municipality → region table,
matching) compares `municipality_key(name)`, never the names themselves.
"""

import re
import unicodedata

# Names in common use for a municipality whose official name is another, by key.
_ALIASES = {
    "denhaag": "sgravenhage",
    "thehague": "sgravenhage",
    "denbosch": "shertogenbosch",
}
# Abbreviations written out, by word.
_WORDS = {"st": "sint"}
_WORD = re.compile(r"[^\W_]+")


def municipality_key(name: str | None) -> str:
    """The key of a municipality's or town's name: lower case, without accents, apostrophes,
    hyphens, dots or spaces, 'St.' as 'Sint', and a common name as the official one.

    "'S-GRAVENHAGE", "S GRAVENHAGE", "’s-Gravenhage" and "Den Haag" have one key, as have
    "'s-Hertogenbosch" and "Den Bosch", "Súdwest-Fryslân" and "SUDWEST-FRYSLAN",
    "St.-Annaparochie" and "Sint Annaparochie". A province written after the name stays part of
    it ("Bergen NH" and "Bergen (NH.)" are one key, "Bergen" another): the province tells apart
    places of the same name."""
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    key = "".join(_WORDS.get(word, word) for word in _WORD.findall(plain))
    return _ALIASES.get(key, key)
