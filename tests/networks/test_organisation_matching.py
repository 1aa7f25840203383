"""Typed organisations link to the directory's: by normal form and alias at subscribe and import
time, and on the coordinator's unmatched organisations screen, in bulk."""

import pytest
from django.test import TestCase
from wagtail.models import ModelLogEntry

from networks.models import Contact, Organisation, OrganisationAlias, Segment
from networks.organisations import OrganisationMatcher, unmatched_names
from networks.orgnames import normalise_organisation_name
from networks.segments import segment_members
from tests.networks.factories import ContactFactory, OrganisationFactory, role
from tests.support.contact_import import run, upload

pytestmark = pytest.mark.django_db

UNMATCHED = "/admin/directory/organisations/unmatched/"


@pytest.fixture
def school(db):
    return OrganisationFactory(name="St Mary's C of E Primary School", sector="education")


@pytest.fixture
def council(db):
    return OrganisationFactory(name="Rugby Borough Council", sector="local_authority")


@pytest.fixture
def education_segment(db):
    return Segment.objects.create(
        name="Schools safeguarding leads",
        rules={"roles": [role("designated-safeguarding-lead").pk], "sectors": ["education"]},
    )


def typed(name, first="Tess", **kwargs):
    return ContactFactory(first_name=first, organisation_name=name, **kwargs)


def subscribe(client, rugby, **overrides):
    data = {
        "email": "sara.singh@example.org",
        "first_name": "Sara",
        "last_name": "Singh",
        "organisation": "st marys c. of e. primary school",
        "role": "designated-safeguarding-lead",
        "districts": [rugby.pk],
        "topics": ["newsletter"],
        **overrides,
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/subscribe/", data)


# --- Normal form and matching ----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed_name",
    [
        "Rugby Borough Council",
        "  rugby borough council. ",
        "The Rugby Borough Council Ltd",
        "RUGBY  BOROUGH,  COUNCIL",
    ],
)
def test_spellings_of_one_name_share_a_normal_form(typed_name):
    assert normalise_organisation_name(typed_name) == "rugby borough council"


def test_ampersand_apostrophes_and_accents_do_not_tell_names_apart():
    assert normalise_organisation_name("Bedworth Café & Larder") == normalise_organisation_name(
        "bedworth cafe and larder"
    )
    assert normalise_organisation_name("St Mary’s") == normalise_organisation_name("St Marys")
    assert normalise_organisation_name("Rugby School") != normalise_organisation_name(
        "Rugby College"
    )


def test_an_exact_name_or_alias_matches_and_a_near_miss_is_only_suggested(council, school):
    OrganisationAlias.objects.create(organisation=council, name="RBC")
    matcher = OrganisationMatcher()

    assert matcher.exact("the rugby borough council") == council.pk
    assert matcher.exact("R.B.C.") == council.pk
    assert matcher.exact("Rugby Borough Counsil") is None
    assert [s.name for s in matcher.suggest("Rugby Borough Counsil")][0] == council.name
    assert matcher.suggest("Bedworth Community Larder") == []


def test_a_shared_place_name_or_generic_word_is_not_a_likely_match(rugby, warwick, council):
    district_council = OrganisationFactory(name="Warwick District Council")
    high_school = OrganisationFactory(name="Rugby High School")
    OrganisationFactory(name="Warwick School")
    matcher = OrganisationMatcher()

    def likely(name):
        return [s.name for s in matcher.suggest(name)]

    # Only "Warwick" (a district) and generic words in common: never "did you mean".
    assert "Warwick District Council" not in likely("Warwick Schools")
    assert likely("Warwick College") == []
    assert likely("Warwick") == []
    assert "Rugby High School" not in likely("Rugby School")  # another school
    # Different districts are different organisations, whatever kind they are.
    assert "Rugby High School" not in likely("Warwick High School")
    assert "Rugby Borough Council" not in likely("Warwick Borough Council")
    # Real near-misses still are, a misspelt generic word included.
    assert likely("Warwick Distict Council")[0] == district_council.name
    assert likely("Rugby Hig School")[0] == high_school.name
    assert likely("Warwick Schol") == ["Warwick School"]
    assert likely("Rugby Borough Counsil")[0] == council.name


def test_the_unmatched_screen_does_not_offer_a_council_for_a_school(client, coordinator, warwick):
    OrganisationFactory(name="Warwick District Council", sector="local_authority")
    typed("Warwick School", "Ann")
    client.force_login(coordinator)

    page = client.get(UNMATCHED).content.decode()

    row = page.split('data-unmatched-row="Warwick School"')[1].split("</tr>")[0]
    assert "Likely:" not in row and "Suggested" not in row


# --- Automatic links at subscribe and import time ----------------------------------------


def test_a_subscriber_who_types_her_schools_name_is_linked_and_in_the_education_segment(
    client, rugby, school, education_segment
):
    response = subscribe(client, rugby)

    assert response.status_code == 302
    sara = Contact.objects.get(email="sara.singh@example.org")
    assert sara.organisation == school
    assert sara.organisation_name == ""
    assert list(sara.roles.values_list("slug", flat=True)) == ["designated-safeguarding-lead"]
    assert sara in segment_members(education_segment)


def test_a_subscriber_with_an_unknown_organisation_keeps_it_as_typed(client, rugby, school):
    subscribe(client, rugby, organisation="Bedworth Community Larder", role="")

    sara = Contact.objects.get(email="sara.singh@example.org")
    assert (sara.organisation, sara.organisation_name) == (None, "Bedworth Community Larder")
    assert not sara.roles.exists()


def test_the_role_question_is_optional_and_refuses_a_made_up_role(client, rugby):
    page = client.get("/subscribe/").content.decode()
    assert "Your role (optional)" in page and "Frontline worker" in page

    response = subscribe(client, rugby, role="chief-executive")

    assert response.status_code == 400
    assert not Contact.objects.exists()


def test_an_import_links_exact_names_and_its_dry_run_warns_about_the_others(
    client, coordinator, rugby, council
):
    client.force_login(coordinator)
    content = (
        b"Email,First name,Organisation\n"
        b"ann@example.org,Ann,The Rugby Borough Council\n"
        b"bo@example.org,Bo,Rugby Borough Counsil\n"
        b"cy@example.org,Cy,Bedworth Larder\n"
        b"di@example.org,Di,bedworth larder\n"
    )
    _, job = upload(client, content)

    job = run(client, job, dry_run=True)

    page = client.get(f"/admin/directory/import/{job.pk}/").content.decode()
    assert "2 organisations in the file are not in the directory" in page
    assert "“Rugby Borough Counsil” (row 3): did you mean “Rugby Borough Council”?" in page
    assert "“Bedworth Larder” (rows 4, 5)" in page
    warning = page.split("data-unmatched-organisations")[1].split("</div>")[0]
    assert "The Rugby Borough Council" not in warning
    assert not Contact.objects.exists()

    run(client, job)

    linked = dict(Contact.objects.values_list("email", "organisation__name"))
    assert linked == {
        "ann@example.org": "Rugby Borough Council",
        "bo@example.org": None,
        "cy@example.org": None,
        "di@example.org": None,
    }
    assert Contact.objects.get(email="bo@example.org").organisation_name == "Rugby Borough Counsil"


# --- The unmatched organisations screen --------------------------------------------------


def test_the_screen_groups_typed_names_with_counts_and_suggestions(client, coordinator, council):
    typed("Rugby Borough Counsil", "Ann")
    typed("rugby borough counsil.", "Bo")
    typed("Bedworth Larder", "Cy")
    typed("", "Di")
    linked = typed("", "Ed")
    linked.organisation = council
    linked.save()
    client.force_login(coordinator)

    page = client.get(UNMATCHED).content.decode()

    groups = {g.label: g.count for g in unmatched_names()}
    assert groups == {"Rugby Borough Counsil": 2, "Bedworth Larder": 1}
    assert "Also typed: rugby borough counsil." in page
    assert "Likely: Rugby Borough Council" in page
    assert page.index("Rugby Borough Counsil") < page.index("Bedworth Larder")


def test_linking_in_bulk_links_every_spelling_saves_an_alias_and_creates_organisations(
    client, coordinator, council, school, education_segment
):
    dsl = role("designated-safeguarding-lead")
    ann, bo = typed("Rugby Borough Counsil", "Ann"), typed("rugby borough counsil.", "Bo")
    cy = typed("St Marys Primary", "Cy", roles=[dsl])
    di = typed("Bedworth Larder", "Di")
    client.force_login(coordinator)
    keys = {g.label: g.key for g in unmatched_names()}
    order = list(keys)
    data = {"key": [keys[label] for label in order]}
    data[f"choice_{order.index('Rugby Borough Counsil')}"] = str(council.pk)
    data[f"alias_{order.index('Rugby Borough Counsil')}"] = "1"
    data[f"choice_{order.index('St Marys Primary')}"] = str(school.pk)
    data[f"choice_{order.index('Bedworth Larder')}"] = "new"
    data[f"sector_{order.index('Bedworth Larder')}"] = "voluntary"

    response = client.post(UNMATCHED, data, follow=True)

    assert "Linked 4 contacts; created 1 organisation(s)." in response.content.decode()
    for contact in (ann, bo, cy, di):
        contact.refresh_from_db()
    assert ann.organisation == bo.organisation == council
    assert cy.organisation == school and cy in segment_members(education_segment)
    larder = Organisation.objects.get(name="Bedworth Larder")
    assert (di.organisation, larder.sector) == (larder, "voluntary")
    assert OrganisationAlias.objects.get(organisation=council).name == "Rugby Borough Counsil"
    assert not unmatched_names()
    assert "Every typed organisation is linked." in client.get(UNMATCHED).content.decode()
    # The next person who types the alias is linked at once, and every link is in the log.
    assert OrganisationMatcher().exact("RUGBY BOROUGH COUNSIL") == council.pk
    assert ModelLogEntry.objects.filter(action="networks.contact.organisation_linked").count() == 4
    assert ModelLogEntry.objects.filter(action="networks.organisation.name_linked").count() == 2
    assert ModelLogEntry.objects.filter(
        action="networks.organisation.created_from_name", object_id=str(larder.pk)
    ).exists()
    # The contact list shows the organisation now.
    listing = client.get("/admin/snippets/networks/contact/").content.decode()
    assert "Bedworth Larder" in listing and "Rugby Borough Council" in listing


def test_rows_left_unchosen_stay_unmatched(client, coordinator, council):
    ann = typed("Rugby Borough Counsil", "Ann")
    client.force_login(coordinator)
    key = unmatched_names()[0].key

    response = client.post(UNMATCHED, {"key": [key], "choice_0": ""}, follow=True)

    assert "Choose what to do with at least one name." in response.content.decode()
    ann.refresh_from_db()
    assert ann.organisation is None and ann.organisation_name == "Rugby Borough Counsil"


def test_creating_an_organisation_that_exists_changes_nothing(client, coordinator, council):
    ann = typed("rugby borough council", "Ann")  # typed before the organisation existed
    bo = typed("Bedworth Larder", "Bo")
    client.force_login(coordinator)
    keys = [g.key for g in unmatched_names()]
    labels = [g.label for g in unmatched_names()]
    data = {"key": keys}
    data[f"choice_{labels.index('rugby borough council')}"] = "new"
    data[f"choice_{labels.index('Bedworth Larder')}"] = "new"

    response = client.post(UNMATCHED, data, follow=True)

    assert "Nothing was changed" in response.content.decode()
    assert not Organisation.objects.filter(name="Bedworth Larder").exists()
    ann.refresh_from_db()
    bo.refresh_from_db()
    assert ann.organisation is None and bo.organisation is None


def test_an_alias_held_by_another_organisation_is_refused(client, coordinator, council, school):
    OrganisationAlias.objects.create(organisation=council, name="Rugby Primary")
    ann = typed("Rugby Primary.", "Ann")
    client.force_login(coordinator)
    # An alias matches exactly, so it is linked at the next subscribe; a contact typed before
    # the alias existed is still on the screen and linking it elsewhere must not steal the alias.
    data = {"key": [unmatched_names()[0].key], "choice_0": str(school.pk), "alias_0": "1"}

    response = client.post(UNMATCHED, data, follow=True)

    assert "already an alias of Rugby Borough Council" in response.content.decode()
    ann.refresh_from_db()
    assert ann.organisation is None


def test_the_menu_offers_the_screen_to_coordinators(client, coordinator):
    client.force_login(coordinator)

    assert UNMATCHED in client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    "who, status",
    [("district_lead", 404), ("editor", 404), ("outsider", 302)],  # no admin access: the login
)
def test_nobody_but_a_coordinator_can_see_or_use_the_screen(request, client, who, status, council):
    ann = typed("Rugby Borough Counsil", "Ann")
    client.force_login(request.getfixturevalue(who))
    key = unmatched_names()[0].key

    assert client.get(UNMATCHED).status_code == status
    posted = client.post(UNMATCHED, {"key": [key], "choice_0": str(council.pk)})
    assert posted.status_code == status
    ann.refresh_from_db()
    assert ann.organisation is None
    assert UNMATCHED not in client.get("/admin/").content.decode()


def test_signed_out_visitors_are_sent_to_the_login(client):
    response = client.get(UNMATCHED)

    assert response.status_code == 302 and "/login/" in response.url


def test_a_coordinator_adds_an_alias_in_the_admin_and_a_clash_is_refused(
    client, coordinator, council, school
):
    client.force_login(coordinator)
    url = "/admin/snippets/networks/organisationalias/add/"

    client.post(url, {"name": "RBC", "organisation": council.pk})
    response = client.post(url, {"name": "r.b.c.", "organisation": school.pk})

    assert response.status_code == 200
    assert "Already an alias of Rugby Borough Council" in response.content.decode()
    assert list(OrganisationAlias.objects.values_list("name", "organisation")) == [
        ("RBC", council.pk)
    ]
    assert client.get(url.replace("add/", "")).status_code == 200


def test_a_district_lead_cannot_see_the_aliases(client, district_lead):
    client.force_login(district_lead)

    response = client.get("/admin/snippets/networks/organisationalias/")

    assert response.status_code in (302, 403, 404)
