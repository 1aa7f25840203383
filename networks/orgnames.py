"""How typed organisation names are compared: one normal form for names and aliases."""

import re
import unicodedata

# Words that say nothing about which organisation is meant ("The Rugby Borough Council Ltd").
STOP_WORDS = frozenset({"the", "and", "ltd", "limited", "plc", "llp", "cic", "inc"})
# Removed rather than read as a space, so "St. Mary's" is "st marys" and "R.B.C." is "rbc".
_APOSTROPHES = re.compile(r"['’`.]")
_PUNCTUATION = re.compile(r"[^\w\s]|_")


def normalise_organisation_name(name: str) -> str:
    """Casefolded, accents and punctuation gone, "&" read as "and", common words dropped, single
    spaces. Two names with the same normal form are taken to mean the same organisation."""
    text = unicodedata.normalize("NFKD", name or "").casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text.replace("&", " and "))
    text = _PUNCTUATION.sub(" ", text)
    return " ".join(word for word in text.split() if word not in STOP_WORDS)
