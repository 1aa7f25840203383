def test_home_page_shows_the_partnership_name_and_the_three_doors(client, demo_site):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Warwickshire Prevent Partnership" in html
    for label, href in [
        ("Subscribe", "/subscribe/"),
        ("Report a concern or give feedback", "/report/"),
        ("Events", "/events/"),
    ]:
        assert label in html
        assert f'href="{href}"' in html
        assert client.get(href).status_code == 200


def test_every_public_page_tells_people_to_call_999_in_an_emergency(client, demo_site):
    html = client.get("/report/").content.decode()

    assert "call 999" in html


def test_public_pages_carry_a_strict_content_security_policy(client, demo_site):
    response = client.get("/")

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_an_unknown_address_is_a_friendly_404(client, demo_site):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
