from django.conf import settings


class AdminCSPMiddleware:
    """Give Wagtail's admin its own (looser) Content-Security-Policy.

    django-csp excludes /admin/ from the strict public policy (see settings.CONTENT_SECURITY_POLICY)
    because parts of the admin still use inline scripts; the admin still gets a policy, this one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/") and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.ADMIN_CONTENT_SECURITY_POLICY
        return response
