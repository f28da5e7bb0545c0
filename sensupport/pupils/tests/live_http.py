"""Real HTTP against pytest-django's `live_server`: a person signs in through the sign-in form and
the session cookie rides on every later request, as it would in a browser (no test client, no
force_login). Standard library only."""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

PASSWORD = "correct horse battery staple"  # every UserFactory user's password


@dataclass
class Reply:
    status: int
    url: str
    body: str

    def json(self):
        import json

        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class LiveSession:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def _open(self, request) -> Reply:
        try:
            with self._opener.open(request, timeout=30) as response:
                return Reply(response.status, response.geturl(), response.read().decode())
        except urllib.error.HTTPError as error:  # 3xx (redirects not followed), 4xx, 5xx
            return Reply(error.code, error.headers.get("Location", ""), error.read().decode())

    def get(self, path: str) -> Reply:
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path: str, data: dict) -> Reply:
        csrf = next((c.value for c in self.cookies if c.name == "csrftoken"), "")
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **data}).encode()
        request = urllib.request.Request(self.base_url + path, data=body, headers={"Referer": self.base_url + path})
        return self._open(request)

    def sign_in(self, username: str, password: str = PASSWORD) -> LiveSession:
        assert self.get("/accounts/sign-in/").status == 200  # sets the CSRF cookie
        reply = self.post("/accounts/sign-in/", {"username": username, "password": password})
        assert reply.status == 302 and "/accounts/sign-in/" not in reply.url, f"sign-in failed for {username}: {reply.status}"
        assert any(c.name == "sessionid" for c in self.cookies), "no session cookie after signing in"
        return self


def signed_in(live_server, user) -> LiveSession:
    return LiveSession(live_server.url).sign_in(user.username)
