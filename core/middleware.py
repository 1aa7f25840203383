"""Request and response hygiene shared by every page: one middleware, outermost but for
SecurityMiddleware, so it also covers cached pages, static files and error pages."""

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict


def _unreadable_form_body(request) -> bool:
    # Django refuses a form body in any charset but UTF-8 with BadRequest each time request.POST
    # is read, so the error handlers (and CSRF's failure view) raise again and the answer is an
    # empty 500. Decide before anything reads the body.
    return (
        request.method not in ("GET", "HEAD", "OPTIONS")
        and request.content_type == "application/x-www-form-urlencoded"
        and request.encoding is not None
        and request.encoding.lower() != "utf-8"
    )


class RequestSafetyMiddleware:
    """Answers a form posted in another charset than UTF-8 with a 400 page that says so, and adds
    a `Permissions-Policy` header (settings.PERMISSIONS_POLICY, else the default above) to every
    response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _unreadable_form_body(request):
            # Nothing later may try to parse the body again (logging, error views).
            request._post, request._files = QueryDict(), MultiValueDict()
            response = render(
                request,
                "400.html",
                {"reason": "The form was sent in a character encoding other than UTF-8."},
                status=400,
            )
        else:
            response = self.get_response(request)
        policy = settings.PERMISSIONS_POLICY
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response
