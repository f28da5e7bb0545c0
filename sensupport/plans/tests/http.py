"""Real HTTP against pytest-django's live_server, signed in with a session cookie (no test client
in between): for findings that needed a real server to show."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.test import Client


@dataclass
class Reply:
    status: int
    body: bytes
    location: str = ""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One signed-in person talking to the live server over real HTTP, with their own cookies."""

    def __init__(self, live_server, user):
        self.base = live_server.url
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        self.cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
        self.opener = urllib.request.build_opener(_NoRedirect)

    def _open(self, request) -> Reply:
        request.add_header("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Reply(response.status, response.read(), response.headers.get("Location", ""))

    def get(self, path: str) -> Reply:
        return self._open(urllib.request.Request(self.base + path))

    def csrf_token(self, path: str) -> str:
        """GET a page with a form; the CSRF cookie lands in the jar and the token in the form."""
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path).text)
        assert match, f"no form on {path}"
        return match.group(1)

    def post(self, path: str, data: dict, *, token: str) -> Reply:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        return self._open(request)
