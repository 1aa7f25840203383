"""The event page's editor: Wagtail's own edit view, with the coordinator's event tools
(Invite, Answers, Check-in, Sign-in sheet, Figures, Feedback) as buttons in the page header
rather than hidden in its "⋯" menu."""

from django.utils.functional import cached_property
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet

from .models import EventPage


class EventEditView(EditView):
    @cached_property
    def header_buttons(self):
        from .wagtail_hooks import event_tool_buttons

        return event_tool_buttons(self.page, self.request.user)


class EventPageViewSet(PageViewSet):
    model = EventPage
    edit_view_class = EventEditView
    name = "event_pages"


event_page_viewset = EventPageViewSet()
