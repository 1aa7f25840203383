"""Sign-out that signs out (issue #22). Wagtail's own view answered a GET with 405 yet cleared
the cookie and said "You have been successfully logged out" while the session stayed valid on the
server. Here a POST (with its CSRF token) ends the server session (Django's `logout` flushes it,
so the old session key opens nothing); a GET only offers the button, or, without a session,
goes to the sign-in page, and never says anyone was signed out."""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from wagtail.admin.views.account import LogoutView


@never_cache
def sign_out(request):
    if request.method == "POST":
        return LogoutView.as_view()(request)
    if not request.user.is_authenticated:
        return redirect("wagtailadmin_login")
    return render(request, "accounts/sign_out.html")
