import datetime

import pytest

from networks.models import NetworkMembership, SegmentMember, Suppression
from networks.segments import audience_counts, resolve_segments, segment_members
from tests.networks.factories import (
    ContactFactory,
    DistrictFactory,
    NetworkFactory,
    OrganisationFactory,
    SegmentFactory,
    role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    rugby, warwick = DistrictFactory(name="Rugby"), DistrictFactory(name="Warwick")
    school = OrganisationFactory(name="Rugby School", sector="education")
    trust = OrganisationFactory(name="Health Trust", sector="health")
    network = NetworkFactory(name="Rugby Community Prevent Network")
    lead, dsl = role("prevent-lead"), role("designated-safeguarding-lead")
    people = {
        "alice": ContactFactory(
            first_name="Alice", districts=[rugby], roles=[lead], topics=["newsletter"]
        ),
        "ben": ContactFactory(
            first_name="Ben", districts=[warwick], roles=[lead], topics=["newsletter"]
        ),
        "carys": ContactFactory(
            first_name="Carys", districts=[rugby], roles=[dsl], topics=["newsletter", "events"]
        ),
        "dev": ContactFactory(first_name="Dev", districts=[rugby, warwick], topics=["updates"]),
    }
    people["alice"].organisation = school
    people["alice"].save()
    people["ben"].organisation = trust
    people["ben"].save()
    people["carys"].tags.add("wrap-trainer")
    NetworkMembership.objects.create(network=network, contact=people["dev"])
    return {
        "rugby": rugby,
        "warwick": warwick,
        "school": school,
        "network": network,
        "lead": lead,
        "dsl": dsl,
        **people,
    }


def names(qs):
    return sorted(c.first_name for c in qs)


def members(rules, **rows):
    segment = SegmentFactory(rules=rules)
    for mode, contacts in rows.items():
        for contact in contacts:
            SegmentMember.objects.create(segment=segment, contact=contact, mode=mode)
    return segment, names(segment_members(segment))


def test_an_empty_rule_set_names_nobody(world):
    assert members({})[1] == []


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (lambda w: {"districts": [w["rugby"].pk]}, ["Alice", "Carys", "Dev"]),
        (lambda w: {"roles": [w["lead"].pk]}, ["Alice", "Ben"]),
        (lambda w: {"sectors": ["education"]}, ["Alice"]),
        (lambda w: {"organisations": [w["school"].pk]}, ["Alice"]),
        (lambda w: {"networks": [w["network"].pk]}, ["Dev"]),
        (lambda w: {"tags": ["wrap-trainer"]}, ["Carys"]),
        (lambda w: {"topics": ["events"]}, ["Carys"]),
    ],
    ids=["district", "role", "sector", "organisation", "network", "tag", "topic"],
)
def test_each_kind_of_rule_selects_its_contacts(world, rules, expected):
    assert members(rules(world))[1] == expected


def test_values_within_a_rule_are_or_ed(world):
    rules = {"roles": [world["lead"].pk, world["dsl"].pk]}

    assert members(rules)[1] == ["Alice", "Ben", "Carys"]


def test_rules_are_and_ed_across_fields(world):
    rules = {"districts": [world["rugby"].pk], "roles": [world["lead"].pk]}

    assert members(rules)[1] == ["Alice"]


def test_exclusions_remove_anyone_matching_any_excluded_value(world):
    rules = {
        "districts": [world["rugby"].pk],
        "exclude": {"tags": ["wrap-trainer"], "networks": [world["network"].pk]},
    }

    assert members(rules)[1] == ["Alice"]


def test_a_topic_rule_means_subscribed_not_merely_asked(world):
    world["ben"].subscriptions.create(topic="events", status="pending")

    assert members({"topics": ["events"]})[1] == ["Carys"]


def test_an_ended_network_membership_no_longer_counts(world):
    NetworkMembership.objects.filter(contact=world["dev"]).update(
        end_date=datetime.date(2020, 1, 1)
    )

    assert members({"networks": [world["network"].pk]})[1] == []


def test_a_manual_include_beats_the_rules_and_their_exclusions(world):
    rules = {"districts": [world["rugby"].pk], "exclude": {"tags": ["wrap-trainer"]}}

    _, result = members(rules, include=[world["ben"], world["carys"]])

    assert result == ["Alice", "Ben", "Carys", "Dev"]


def test_a_manual_exclude_beats_the_rules(world):
    _, result = members({"districts": [world["rugby"].pk]}, exclude=[world["alice"]])

    assert result == ["Carys", "Dev"]


def test_static_members_alone_make_a_segment(world):
    assert members({}, include=[world["ben"]])[1] == ["Ben"]


def test_resolution_keeps_only_subscribers_to_the_topic(world):
    segment, _ = members({"districts": [world["rugby"].pk]})

    assert names(resolve_segments([segment], "newsletter")) == ["Alice", "Carys"]
    assert names(resolve_segments([segment], "updates")) == ["Dev"]


def test_resolution_leaves_out_suppressed_archived_and_erased_contacts(world):
    segment, _ = members({"roles": [world["lead"].pk, world["dsl"].pk]})
    Suppression.objects.create(email=world["alice"].email, reason="hard_bounce")
    world["ben"].is_active = False
    world["ben"].save()

    assert names(resolve_segments([segment], "newsletter")) == ["Carys"]
    from networks.actions import erase_contact

    erase_contact(world["carys"])
    assert names(resolve_segments([segment], "newsletter")) == []


def test_resolution_unions_segments_without_duplicates_and_subtracts_excluded_ones(world):
    rugby, _ = members({"districts": [world["rugby"].pk]})
    leads, _ = members({"roles": [world["lead"].pk]})
    trainers, _ = members({"tags": ["wrap-trainer"]})

    result = resolve_segments([rugby, leads], "newsletter", exclude_segments=[trainers])

    assert names(result) == ["Alice", "Ben"]
    assert list(result.values_list("id", flat=True)) == sorted([world["alice"].pk, world["ben"].pk])


def test_audience_counts_give_members_and_reach_per_topic(world):
    segment, _ = members({"districts": [world["rugby"].pk]})

    counts = audience_counts(segment_members(segment))

    assert counts == {"members": 3, "by_topic": {"newsletter": 2, "updates": 1, "events": 1}}
