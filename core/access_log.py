"""Access logs without what staff typed: an admin URL is logged without its query string.

The admin's list searches and filters travel in the query string (`?q=Priya Shah`, an address, a
district), so a web server's access log would keep names and addresses for as long as logs are
kept. `scrub_url` drops the query string (and fragment) of a URL whose path is under the admin;
every other URL is logged as it came. Two logs use it: gunicorn's (`cms/gunicorn_conf.py`,
`AccessLogger`, for the request line, the query atom and the Referer) and the dev server's
(`runserver`, the `django.server` logger, through `HideAdminQueries` in `LOGGING`).
"""

import logging
from urllib.parse import urlsplit, urlunsplit

PRIVATE_PREFIXES = ("/admin/",)


def is_private_path(path: str) -> bool:
    return path == "/admin" or path.startswith(PRIVATE_PREFIXES)


def scrub_url(url: str) -> str:
    """`url` (a path, or an absolute URL as in a Referer) without its query string and fragment
    when its path is under the admin; unchanged otherwise. Something that is not a URL is
    logged up to its first "?" (never whole: it may be an admin URL the parser refused)."""
    if not url or ("?" not in url and "#" not in url):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.split("?", 1)[0]
    if not is_private_path(parts.path):
        return url
    return urlunsplit(parts._replace(query="", fragment=""))


def scrub_request_line(line: str) -> str:
    """'GET /admin/contacts/?q=Priya HTTP/1.1' → 'GET /admin/contacts/ HTTP/1.1'."""
    method, sep, rest = line.partition(" ")
    target, sep2, protocol = rest.rpartition(" ") if " " in rest else (rest, "", "")
    return f"{method}{sep}{scrub_url(target)}{sep2}{protocol}"


class HideAdminQueries(logging.Filter):
    """For the `django.server` logger: its records are '"%s" %s %s' with the request line first."""

    def filter(self, record):
        args = record.args
        if isinstance(args, tuple) and args and isinstance(args[0], str):
            record.args = (scrub_request_line(args[0]), *args[1:])
        return True
