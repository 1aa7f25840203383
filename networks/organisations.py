"""Matching what people typed as their organisation to the directory's organisations.

An exact match (same normal form as an organisation's name or one of its aliases) links
automatically at subscribe and import time; anything else stays "as given" until a coordinator
links it on the unmatched organisations screen, which offers the likely ones as suggestions.
The organisation list of a partnership is small (hundreds), so similarity is computed in Python.
"""

from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .models import Contact, District, Organisation, OrganisationAlias
from .orgnames import GENERIC_WORDS, normalise_organisation_name

SUGGESTION_CUTOFF = 0.6
# Two words are taken as one misspelt ("Counsil", "Distict", "Hig") from this similarity up.
WORD_CUTOFF = 0.8


@dataclass
class Suggestion:
    organisation_id: int
    name: str
    score: float


class OrganisationMatcher:
    """The organisations and aliases, loaded once (for one request or one import)."""

    def __init__(self):
        self.names = {}
        self.by_key = {}
        for pk, name in Organisation.objects.values_list("pk", "name"):
            self.names[pk] = name
            self.by_key.setdefault(normalise_organisation_name(name), pk)
        for normalised, org_id in OrganisationAlias.objects.values_list(
            "normalised", "organisation_id"
        ):
            self.by_key.setdefault(normalised, org_id)
        # The districts' names are places, not names: "Warwick" alone says nothing about
        # which Warwick organisation is meant.
        self.places = {
            word
            for name in District.objects.values_list("name", flat=True)
            for word in normalise_organisation_name(name).split()
        }

    def exact(self, typed: str) -> int | None:
        """The organisation `typed` names exactly (normalised name or alias), or None."""
        key = normalise_organisation_name(typed)
        return self.by_key.get(key) if key else None

    def suggest(self, typed: str, limit: int = 3) -> list[Suggestion]:
        """Likely organisations for a name with no exact match, best first. A name whose words
        all appear in an organisation's name (or the other way round) counts as likely too.
        Either way the two must have more in common than place names and generic words (see
        `shares_a_distinctive_word`): "Warwick School" is never offered "Warwick District
        Council"."""
        key = normalise_organisation_name(typed)
        if not key:
            return []
        words = set(key.split())
        best = {}
        for candidate, org_id in self.by_key.items():
            score = SequenceMatcher(None, key, candidate).ratio()
            other = set(candidate.split())
            if words <= other or other <= words:
                score = max(score, 0.75)
            if (
                score >= SUGGESTION_CUTOFF
                and score > best.get(org_id, 0)
                and self.shares_a_distinctive_word(words, other)
            ):
                best[org_id] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], self.names[item[0]]))
        return [Suggestion(pk, self.names[pk], round(score, 2)) for pk, score in ranked[:limit]]

    def shares_a_distinctive_word(self, words: set[str], other: set[str]) -> bool:
        """Whether two names (as sets of normalised words) could name one organisation: they do
        not name different districts, and a word of one that is not a place name equals or is a
        near spelling of a word of the other, where the two are not both generic ("School",
        "Council"). So a misspelt generic word counts ("Distict" for "District") but an exact one
        does not, as that is what every school or council shares."""
        mine, theirs = words & self.places, other & self.places
        if mine and theirs and not mine & theirs:
            return False
        return any(
            _same_word(a, b)
            for a in words - self.places
            for b in other - self.places
            if not (a in GENERIC_WORDS and b in GENERIC_WORDS)
        )


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= 3 and SequenceMatcher(None, a, b).ratio() >= WORD_CUTOFF


def unmatched_contacts():
    """Contacts with a typed organisation that is not linked to one of the directory."""
    return (
        Contact.objects.filter(organisation__isnull=True, erased_at__isnull=True)
        .exclude(organisation_name="")
        .order_by("pk")
    )


@dataclass
class UnmatchedName:
    key: str
    label: str
    count: int
    spellings: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)


def unmatched_names(matcher: OrganisationMatcher | None = None) -> list[UnmatchedName]:
    """Typed organisation names not linked yet, grouped by normal form, most contacts first.
    Each group's label is its commonest spelling."""
    matcher = matcher or OrganisationMatcher()
    groups: dict[str, Counter] = {}
    for typed in unmatched_contacts().values_list("organisation_name", flat=True):
        key = normalise_organisation_name(typed)
        if key:
            groups.setdefault(key, Counter())[typed.strip()] += 1
    result = []
    for key, spellings in groups.items():
        ordered = [name for name, _ in spellings.most_common()]
        result.append(
            UnmatchedName(
                key=key,
                label=ordered[0],
                count=sum(spellings.values()),
                spellings=ordered,
                suggestions=matcher.suggest(ordered[0]),
            )
        )
    result.sort(key=lambda group: (-group.count, group.label.casefold()))
    return result


def first_districts(organisation_ids=None) -> dict[int, int]:
    """{organisation id: its first district's id} in the directory's order (sort order, then
    name), for the organisations given (None: every one) that have a district: an organisation
    counts in ONE district, so a table of organisations by district adds up to their total.
    One query."""
    first: dict[int, int] = {}
    through = Organisation.districts.through.objects.all()
    if organisation_ids is not None:
        through = through.filter(organisation_id__in=organisation_ids)
    for org_id, district_id in through.order_by(
        "organisation_id", "-district__sort_order", "-district__name"
    ).values_list("organisation_id", "district_id"):
        first[org_id] = district_id  # the last written is the first in directory order
    return first
