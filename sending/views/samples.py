"""The page a link of a sample message opens (a preview or a test email): it says so, and what
the same link does in a real message, instead of a "this link does not work" error."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from sending.engine.merge import read_sample_link


@never_cache
def sample_link(request, token: str) -> HttpResponse:
    """200 with the field's description for a sample link the engine signed; 404 (the same
    page, without a description) for anything else."""
    field = read_sample_link(token)
    return render(
        request,
        "sending/public/sample_link.html",
        {"field": field},
        status=200 if field is not None else 404,
    )
