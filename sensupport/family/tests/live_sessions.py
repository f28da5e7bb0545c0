"""People signed in to a running server (pytest-django's live_server), each in their own session,
through the real sign-in pages: a family member with an emailed code, staff with a password.

Built on sensupport.core.live_http.LiveSession (own cookies, real HTTP, no redirects followed)."""

from __future__ import annotations

import re
from html import unescape

from django.core import mail

from sensupport.core.live_http import LiveResponse, LiveSession

PASSWORD = "correct horse battery staple"  # the factories' password


def signed_in(live_server, user) -> LiveSession:
    session = LiveSession(live_server.url)
    if user.role in ("parent", "young_person"):
        session.get("/accounts/code/")
        session.post("/accounts/code/", {"email": user.email})
        sent = [m for m in mail.outbox if m.to == [user.email]]
        code = re.search(r"\b(\d{6})\b", sent[-1].body).group(1)
        entered = session.post("/accounts/code/enter/", {"code": code})
    else:
        entered = session.sign_in(user.username, PASSWORD)
    assert entered.status == 302 and "/accounts/" not in entered.location, (user.username, entered.status, entered.location)
    return session


def plain(response: LiveResponse) -> str:
    """The page's text with entities decoded (an apostrophe is &#x27; in the HTML)."""
    return unescape(response.text)
