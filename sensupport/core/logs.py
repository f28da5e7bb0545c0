"""Logging filters.

A 403 is the access rules doing their job (a teacher opening a pupil outside their class), not
a fault: Django logs it with the PermissionDenied traceback attached, which buries real errors.
It is kept as one line ("Forbidden (Permission denied): /pupils/12/"), without the traceback.
"""

from __future__ import annotations

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
