"""Every response says which browser features the hub never uses, and a form sent in a charset
other than UTF-8 gets a 400 page that says what went wrong (it was an empty 500)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


@pytest.mark.parametrize("url", ["/subscribe/", "/admin/login/"])
def test_a_utf16_form_body_is_a_400_page_not_a_500(url):
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.get(url)
    token = browser.cookies["csrftoken"].value
    body = f"csrfmiddlewaretoken={token}&email=ada%40example.org".encode("utf-16")

    response = browser.generic(
        "POST", url, body, content_type="application/x-www-form-urlencoded; charset=utf-16"
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Your request could not be read" in page
    assert "other than UTF-8" in page
    assert response["Permissions-Policy"] == POLICY


def test_a_utf8_form_still_reaches_the_view(client):
    response = client.post(
        "/subscribe/",
        "email=not-an-address",
        content_type="application/x-www-form-urlencoded; charset=utf-8",
    )

    assert response.status_code in (200, 400)
    assert "Your request could not be read" not in response.content.decode()


@pytest.mark.parametrize("url", ["/subscribe/", "/no-such-page/", "/admin/login/"])
def test_every_response_carries_the_permissions_policy(client, url):
    response = client.get(url)

    assert response["Permissions-Policy"] == POLICY
