"""Real HTTP against pytest-django's live_server, signed in with a session cookie (no test client
in between): for findings that needed a real server to show."""

from __future__ import annotations

import contextlib
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from unittest import mock
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
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


ON_POSTGRES = connection.vendor == "postgresql"


def race(first, second, *, gate_after=None, stale_check=None):
    """Two requests for the same change. Returns their replies in order.

    On PostgreSQL they really run at once, each on its own connection (live_server's threads): both
    wait at a gate just after `gate_after` (module, name), past their checks, so both write and the
    database decides (without `gate_after`, the two are sent together). SQLite runs one writing transaction at a time (BEGIN IMMEDIATE), so two
    requests cannot interleave there: the second runs after the first, with `stale_check` (module,
    name) answering "nothing there yet" as it would have had it looked before the first wrote. Same
    interleaving, same outcome to assert, on both databases."""
    if ON_POSTGRES:
        gate = threading.Barrier(2, timeout=20)

        def together(request):
            if gate_after is None:
                gate.wait()
            return request()

        if gate_after is not None:
            module, name = gate_after
            original = getattr(module, name)

            passed = threading.local()

            def held(*args, **kwargs):
                result = original(*args, **kwargs)
                if not getattr(passed, "gate", False):  # each request waits once, at its first call
                    passed.gate = True
                    gate.wait()
                return result

        patch = mock.patch.object(module, name, held) if gate_after is not None else contextlib.nullcontext()
        with patch, ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(together, first), pool.submit(together, second)]
            return [future.result() for future in futures]
    replies = [first()]
    with mock.patch.object(*stale_check, lambda *args, **kwargs: None) if stale_check else contextlib.nullcontext():
        replies.append(second())
    return replies
