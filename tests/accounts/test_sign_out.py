"""Sign-out that signs out (#22): a POST ends the server session; a GET never says it did."""

import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from tests.support import people

pytestmark = pytest.mark.django_db


def signed_in_board_member():
    board = people.make_person("bea", "Board members")
    client = Client()
    client.force_login(board)
    assert client.get("/admin/board/").status_code == 200
    return client


def replay(session_key):
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return thief.get("/admin/board/")


def test_after_signing_out_the_old_session_key_opens_nothing():
    client = signed_in_board_member()
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post("/admin/logout/", follow=True)

    assert "You have been successfully logged out" in response.content.decode()
    assert not Session.objects.filter(session_key=key).exists()
    refused = replay(key)
    assert refused.status_code == 302 and refused["Location"].startswith("/admin/login/")


def test_a_get_never_claims_to_sign_anyone_out_and_signs_nobody_out():
    client = signed_in_board_member()
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.get("/admin/logout/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "successfully logged out" not in page
    assert 'method="post"' in page and "Sign out" in page
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == key
    assert Session.objects.filter(session_key=key).exists()
    assert replay(key).status_code == 200  # still signed in, as the page says


def test_a_get_without_a_session_goes_to_sign_in_without_a_message():
    response = Client().get("/admin/logout/", follow=True)

    assert response.redirect_chain[0][0] == "/admin/login/"
    assert "logged out" not in response.content.decode()


def test_signing_out_needs_the_forms_csrf_token():
    board = people.make_person("bea", "Board members")
    client = Client(enforce_csrf_checks=True)
    client.force_login(board)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    assert client.post("/admin/logout/").status_code == 403
    assert Session.objects.filter(session_key=key).exists()


def test_the_admin_menus_sign_out_is_a_form_that_posts():
    client = signed_in_board_member()

    page = client.get("/admin/").content.decode()

    # The sidebar's props (JSON): the "Log out" item is an action sent as a POST.
    assert re.search(r'"action":\s*"/admin/logout/",\s*"method":\s*"POST"', page)
