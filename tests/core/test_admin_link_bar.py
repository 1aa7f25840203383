"""The one link bar of the apps' admin screens (core/admin/_link_bar.html, `admin_link_bar`)."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def test_the_bar_reverses_each_url_name_with_the_pk_in_the_order_given():
    html = Template(
        '{% load core_admin %}{% admin_link_bar "Answers" "events_admin:list" '
        '"Figures" "events_admin:figures" pk=7 %}'
    ).render(Context())

    assert html == (
        '<p><a href="/admin/events/7/answers/">Answers</a> · '
        '<a href="/admin/events/7/figures/">Figures</a></p>'
    )


def test_a_label_without_its_url_name_is_an_error():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load core_admin %}{% admin_link_bar "Answers" %}').render(Context())
