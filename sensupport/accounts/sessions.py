"""The session store: Django's database sessions, with the read that every request makes compiled
once (core/prepared.py) and the expiry checked on the row it returns (issue 14)."""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from sensupport.core.prepared import PreparedQuery

_SESSION = PreparedQuery(lambda session_key: Session.objects.filter(session_key=session_key).order_by()[:1])


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """The session row when it exists and has not expired (Django's rule: expire_date after now);
        otherwise none, and the key is dropped so that a new session gets a new key."""
        found = _SESSION(self.session_key) if self.session_key else []
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
