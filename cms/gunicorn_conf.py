"""gunicorn's settings for `make serve` and production (`Procfile`: `-c python:cms.gunicorn_conf`).

The access log goes to stdout in gunicorn's usual format, but written by `AccessLogger`, which
leaves the query string out of admin URLs, in the request line and in the Referer
(`core.access_log`): the admin's list searches would otherwise put names and addresses there.
"""

from gunicorn.glogging import Logger

from core.access_log import is_private_path, scrub_request_line, scrub_url

accesslog = "-"


class AccessLogger(Logger):
    QUERY_ATOMS = ("q", "{query_string}e")
    URL_ATOMS = ("f", "{referer}i", "{http_referer}e", "{raw_uri}e", "{request_uri}e")

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if is_private_path(environ.get("PATH_INFO") or ""):
            atoms["r"] = scrub_request_line(atoms["r"])
            for key in self.QUERY_ATOMS:
                if key in atoms:
                    atoms[key] = ""
        for key in self.URL_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = scrub_url(atoms[key])
        return atoms


logger_class = AccessLogger
