"""How typed organisation names are compared: one normal form for names and aliases."""

import re
import unicodedata

# Words that say nothing about which organisation is meant ("The Rugby Borough Council Ltd").
STOP_WORDS = frozenset({"the", "and", "ltd", "limited", "plc", "llp", "cic", "inc"})
# Words many organisations share, which say what kind of body it is but not which one: "Warwick
# School" and "Warwick District Council" have nothing in common but a place name and such words.
# A suggestion needs more than these and the districts' names (see `OrganisationMatcher.suggest`).
# fmt: off
GENERIC_WORDS = frozenset({
    "academy", "association", "authority", "borough", "c", "ce", "center", "centre", "church",
    "city", "club", "college", "community", "council", "county", "department", "district", "e",
    "fire", "foundation", "grammar", "group", "health", "high", "hospital", "infant", "infants",
    "junior", "nhs", "nursery", "of", "office", "parish", "partnership", "police", "primary",
    "rescue", "saint", "school", "schools", "secondary", "service", "services", "society", "st",
    "team", "town", "trust", "university",
})
# fmt: on
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
