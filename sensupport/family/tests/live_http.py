"""A person at their own browser, for tests against a real server (pytest-django's live_server).

Each `Visitor` has their own session cookie and talks real HTTP to the running server, so two
visitors (a mother and a father) are two separate sessions, as they are in life. Redirects are not
followed: a test sees the 302 and where it goes."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html import unescape
from http.cookies import SimpleCookie

from django.conf import settings
from django.test import Client

_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Page:
    status: int
    text: str
    location: str = ""

    @property
    def plain(self) -> str:
        """The page's text with entities decoded (an apostrophe is &#x27; in the HTML)."""
        return unescape(self.text)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    def __init__(self, live_server, user):
        # The session is made the way signing in makes it; signing in itself is tested elsewhere.
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        self.base = live_server.url
        self.cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
        self._opener = urllib.request.build_opener(_NoRedirect)

    def _request(self, path: str, data: dict | None = None) -> Page:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method="POST" if data is not None else "GET")
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self._opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Page(response.status, response.read().decode("utf-8", "replace"), response.headers.get("Location", ""))

    def get(self, path: str) -> Page:
        return self._request(path)

    def post(self, path: str, data: dict, *, token_from: str = "") -> Page:
        """Submit a form on the page at path, as a browser would: with the page's CSRF token. For a
        page the visitor cannot open, take a valid token from a page they can (token_from)."""
        form_page = self.get(token_from or path)
        match = _CSRF_FIELD.search(form_page.text)
        assert match, f"No form on {token_from or path} ({form_page.status})"
        return self._request(path, {"csrfmiddlewaretoken": match.group(1), **data})
