"""`core.roles`: one answer to "who is this", read from the settings and the apps' scopes."""

import pytest
from django.contrib.auth.models import AnonymousUser

from alerts.models import ResponderScope
from core import roles
from networks.models import DirectoryScope, District
from tests.support.people import make_person, make_responder


@pytest.fixture
def rugby(db):
    return District.objects.create(name="Rugby")


def test_a_plain_member_of_the_coordinator_group_is_a_coordinator_and_sees_every_district(db):
    casey = make_person("casey", "Coordinators")

    assert roles.is_coordinator(casey)
    assert roles.roles_of(casey) == [roles.COORDINATOR]
    assert roles.districts(casey, roles.DISTRICT_LEAD) is None


def test_the_coordinator_group_is_the_one_the_setting_names(db, settings):
    settings.NETWORKS_COORDINATOR_GROUP = "Prevent coordinators"
    named = make_person("named", "Prevent coordinators")
    old_name = make_person("old", "Coordinators")

    assert roles.is_coordinator(named)
    assert not roles.is_coordinator(old_name)
    assert roles.groups_for(roles.COORDINATOR)[0] == "Prevent coordinators"
    assert list(roles.members_of(roles.COORDINATOR)) == [named]


def test_the_responder_groups_are_the_ones_the_setting_names(db, settings):
    settings.ALERTS_RESPONDER_GROUPS = ["Inbox team", "Police"]
    inbox = make_person("inbox", "Inbox team")
    police = make_person("police", "Police")
    old = make_person("old", "Responders")

    assert roles.is_responder(inbox) and roles.is_responder(police)
    assert not roles.is_responder(old)
    assert set(roles.members_of(roles.DISTRICT_RESPONDER)) == {inbox, police}


def test_a_superuser_counts_as_coordinator_but_never_as_responder(db):
    emergency = make_person("emergency", superuser=True)

    assert roles.is_coordinator(emergency)
    assert not roles.is_responder(emergency)
    assert not roles.is_board_member(emergency)


def test_the_police_officer_sees_every_district_and_a_district_responder_only_theirs(db, rugby):
    officer = make_responder("pat.officer", groups=("Responders", "Police Prevent team"))
    robin = make_responder("robin.responder", districts=[rugby])

    assert roles.roles_of(officer) == [roles.POLICE_OFFICER]
    assert roles.districts(officer, roles.DISTRICT_RESPONDER) is None
    assert roles.roles_of(robin) == [roles.DISTRICT_RESPONDER]
    assert roles.districts(robin, roles.DISTRICT_RESPONDER) == {rugby.pk}


def test_a_district_lead_is_someone_with_a_directory_scope(db, rugby):
    lead = make_person("lead", "District leads")
    assert not roles.is_district_lead(lead)
    assert roles.districts(lead, roles.DISTRICT_LEAD) == frozenset()

    DirectoryScope.objects.create(user=lead).districts.set([rugby])
    roles.forget(lead)

    assert roles.is_district_lead(lead)
    assert roles.districts(lead, roles.DISTRICT_LEAD) == {rugby.pk}


def test_editors_approvers_and_board_members_by_their_groups(db):
    editor = make_person("ed", "Content editors")
    approver = make_person("ap", "Content approvers")
    board = make_person("bo", "Board members")

    assert roles.roles_of(editor) == [roles.EDITOR]
    assert roles.roles_of(approver) == [roles.APPROVER]
    assert roles.roles_of(board) == [roles.BOARD_MEMBER]


def test_nobody_anonymous_or_inactive_has_a_role(db, rugby):
    gone = make_person("gone", "Coordinators", "Responders", "Board members", is_active=False)
    nobody = make_person("nobody")

    for user in (AnonymousUser(), gone, nobody, None):
        assert roles.roles_of(user) == []
        assert not roles.is_responder(user)
    assert roles.districts(gone, roles.DISTRICT_LEAD) == frozenset()


def test_every_role_has_groups_and_the_groups_make_the_role(db, rugby):
    for key in roles.ROLES:
        person = make_person(key, *roles.groups_for(key))
        if key == roles.DISTRICT_LEAD:
            DirectoryScope.objects.create(user=person).districts.set([rugby])
        if key == roles.DISTRICT_RESPONDER:
            ResponderScope.objects.create(user=person).districts.set([rugby])
        assert roles.has_role(person, key), key


def test_the_answer_is_read_once_per_user_object(db, django_assert_num_queries):
    casey = make_person("casey", "Coordinators", "Board members")
    roles.forget(casey)

    with django_assert_num_queries(1):
        for _ in range(3):
            roles.is_coordinator(casey)
            roles.is_board_member(casey)
            roles.is_editor(casey)


def test_only_the_two_scoped_roles_take_districts():
    with pytest.raises(ValueError):
        roles.register_districts(roles.EDITOR, lambda user: [])
    with pytest.raises(ValueError):
        roles.districts(AnonymousUser(), roles.COORDINATOR)
