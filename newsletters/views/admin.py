"""Admin views of an issue's email: preview (both parts) and send a test. Access: anyone who may
edit the page sees the preview; sending a test also needs the send permission."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from newsletters.actions import send_test_newsletter
from newsletters.models import NewsletterPage
from newsletters.permissions import can_send
from newsletters.rendering import personalise_preview, render_newsletter
from sending.permissions import SEND_PERMISSION

from .forms import SendTestForm


def get_newsletter_page_for_user(user, page_id) -> NewsletterPage:
    """The issue if `user` may edit it; Http404 alike when it is missing or not theirs."""
    page = NewsletterPage.objects.filter(pk=page_id).first()
    if page is None or not page.permissions_for_user(user).can_edit():
        raise Http404("No such newsletter issue.")
    return page


class NewsletterEmailView(WagtailAdminTemplateMixin, View):
    header_icon = "mail"
    action_label = ""

    def dispatch(self, request, page_id):
        self.page = get_newsletter_page_for_user(request.user, page_id)
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return f"{self.action_label}: {self.page.get_admin_display_title()}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            },
            {"url": "", "label": self.action_label},
        ]

    def get_context_data(self, **kwargs):
        allowed, reason = can_send(self.request.user, self.page)
        return super().get_context_data(
            page=self.page,
            can_send_now=allowed,
            cannot_send_reason=reason,
            may_send_tests=self.request.user.has_perm(SEND_PERMISSION),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            **kwargs,
        )


class PreviewEmailView(NewsletterEmailView):
    """The email as a reader gets it (latest draft, sample details): HTML in a sandboxed frame
    that runs no script, and the plain-text part."""

    action_label = "Email preview"
    template_name = "newsletters/admin/preview_email.html"

    def get(self, request, page_id):
        draft = self.page.get_latest_revision_as_object()
        subject, html, text = personalise_preview(*render_newsletter(draft), None, page=self.page)
        # Links in the preview open in a new tab rather than inside the sandboxed frame.
        html = html.replace("<head>", '<head><base target="_blank">', 1)
        return self.render_to_response(self.get_context_data(subject=subject, html=html, text=text))


class SendTestView(NewsletterEmailView):
    action_label = "Send a test email"
    template_name = "newsletters/admin/send_test.html"

    def dispatch(self, request, page_id):
        self.page = get_newsletter_page_for_user(request.user, page_id)
        if not request.user.has_perm(SEND_PERMISSION):
            # A 403 that says why, rather than Wagtail's redirect to the dashboard.
            context = self.get_context_data(forbidden=True)
            return self.render_to_response(context, status=403)
        return super().dispatch(request, page_id)

    def get(self, request, page_id):
        form = SendTestForm(initial={"addresses": request.user.email or ""})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, page_id):
        form = SendTestForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        addresses = form.cleaned_data["addresses"]
        results = send_test_newsletter(self.page, addresses, request.user)
        sent = [address for address, outcome in results.items() if outcome == "sent"]
        failed = {address: outcome for address, outcome in results.items() if outcome != "sent"}
        if sent:
            messages.success(
                request,
                f"Test email sent to {len(sent)} address{'' if len(sent) == 1 else 'es'}: "
                f"{', '.join(sent)}.",
            )
        for address, reason in failed.items():
            messages.error(request, f"The test to {address} was not sent: {reason}")
        return redirect("newsletters_admin:preview_email", self.page.pk)
