"""The questions before the report form: danger first, and errors that name their question."""

import re


def test_yes_to_danger_alone_goes_straight_to_the_999_page_with_a_tap_to_call_link(
    client, demo_site
):
    response = client.post("/report/", {"danger": "yes"}, follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/report/danger/"
    assert "Call 999 now" in html
    assert 'href="tel:999"' in html
    assert "There is a problem" not in html


def test_with_nobody_in_danger_the_other_two_questions_are_still_required(client, demo_site):
    response = client.post("/report/", {"danger": "no"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Answer whether your concern is about one particular person." in html
    assert "Answer whether you want online terrorist material taken down." in html
    assert "Answer whether anyone is in immediate danger." not in html


def test_each_error_names_its_question_never_three_identical_lines(client, demo_site):
    html = client.post("/report/", {}).content.decode()

    assert "Answer yes or no." not in html
    summary = html.split('id="error-summary-title"')[1].split("</ul>")[0]
    errors = re.findall(r"<a href=\"#id_\w+_0\">([^<]+)</a>", summary)
    assert errors == [
        "Answer whether anyone is in immediate danger.",
        "Answer whether your concern is about one particular person.",
        "Answer whether you want online terrorist material taken down.",
    ]


def test_no_fieldset_carries_an_empty_aria_describedby(client, demo_site):
    for html in (
        client.get("/report/").content.decode(),
        client.post("/report/", {}).content.decode(),
        client.get("/report/new/").content.decode(),
    ):
        assert 'aria-describedby=""' not in html
        assert 'aria-describedby=" ' not in html
    html = client.post("/report/", {}).content.decode()
    assert 'aria-describedby="id_danger_error"' in html
    assert 'aria-describedby="id_individual_helptext id_individual_error"' in html
