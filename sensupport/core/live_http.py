"""Real HTTP against pytest-django's `live_server`, for tests that must drive a real server.

A `LiveSession` keeps its own cookies (one per person: two parents, an attacker and a victim),
does not follow redirects (tests assert where they point), and sends the CSRF token the way a
browser form does. Test support only: nothing in the application imports it.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html import unescape


@dataclass
class LiveResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: D401 - urllib's hook
        return None


class LiveSession:
    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())

    def _cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None) -> LiveResponse:
        body = None
        all_headers = {"Referer": self.base_url + "/", **(headers or {})}
        if method != "GET":
            if not self._cookie("csrftoken"):
                self.request("GET", "/accounts/sign-in/")  # sets the CSRF cookie
            form = {"csrfmiddlewaretoken": self._cookie("csrftoken"), **(data or {})}
            body = urllib.parse.urlencode(form, doseq=True).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.base_url + path, data=body, method=method, headers=all_headers)
        try:
            with self._opener.open(req, timeout=30) as response:
                return LiveResponse(
                    response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
                )
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            return LiveResponse(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())

    def get(self, path: str, **kwargs) -> LiveResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict | None = None, **kwargs) -> LiveResponse:
        return self.request("POST", path, data=data, **kwargs)

    def sign_in(self, username: str, password: str) -> LiveResponse:
        self.get("/accounts/sign-in/")
        return self.post("/accounts/sign-in/", {"username": username, "password": password})

    def hidden_value(self, page: LiveResponse, name: str) -> str:
        match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page.text)
        return match.group(1) if match else ""


PASSWORD = "correct horse battery staple"  # the test factories' password


def signed_in(live_server, user) -> LiveSession:
    """`user` signed in to the live server through the real sign-in pages, in a session of their
    own: a family member with the emailed code (read from the test outbox), staff with a password."""
    from django.core import mail

    session = LiveSession(live_server.url)
    if user.is_family:
        session.get("/accounts/code/")
        session.post("/accounts/code/", {"email": user.email})
        sent = [m for m in mail.outbox if m.to == [user.email]]
        code = re.search(r"\b(\d{6})\b", sent[-1].body).group(1)
        entered = session.post("/accounts/code/enter/", {"code": code})
    else:
        entered = session.sign_in(user.username, PASSWORD)
    assert entered.status == 302 and "/accounts/" not in entered.location, (
        user.username,
        entered.status,
        entered.location,
    )
    return session


def plain(response: LiveResponse) -> str:
    """The page's text with entities decoded (an apostrophe is &#x27; in the HTML)."""
    return unescape(response.text)
