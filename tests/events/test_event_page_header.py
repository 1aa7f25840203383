"""The event's admin page shows the coordinator's event tools as header buttons, not only in
its "⋯" menu, and shows them to nobody who may not manage events."""

import pytest
from wagtail.admin.widgets.button import ButtonWithDropdown

pytestmark = pytest.mark.django_db

TOOLS = ["Invite", "Answers", "Check-in", "Sign-in sheet", "Figures", "Feedback"]


def _header(client, event):
    response = client.get(f"/admin/pages/{event.pk}/edit/")
    assert response.status_code == 200
    buttons = response.context["header_buttons"]
    top = [b.label for b in buttons if not isinstance(b, ButtonWithDropdown)]
    more = [
        item.label
        for b in buttons
        if isinstance(b, ButtonWithDropdown)
        for item in b.dropdown_buttons
    ]
    return response.content.decode(), top, more


def test_the_event_tools_are_header_buttons_on_the_event_editor(client, coordinator, event):
    client.force_login(coordinator)

    html, top, more = _header(client, event)

    assert top == TOOLS
    assert not set(TOOLS) & set(more)
    assert f'href="/admin/events/{event.pk}/invite/"' in html
    assert 'data-event-tool="check_in"' in html


def test_an_editor_who_may_not_manage_events_sees_no_event_tools(client, outsider, event):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page

    editors = Group.objects.create(name="Hub editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=editors, page=Page.get_first_root_node(), permission_type="change"
    )
    outsider.groups.add(editors)
    client.force_login(outsider)

    html, top, more = _header(client, event)

    assert not set(TOOLS) & set(top + more)
    assert "data-event-tool" not in html
