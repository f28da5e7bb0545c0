"""Real HTTP against pytest-django's live_server for the plan and review findings that needed a
real server: two requests raced, each in a session signed in through the real pages."""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

from django.db import connection

ON_POSTGRES = connection.vendor == "postgresql"


def race(first, second, *, gate_after=None, stale_check=None):
    """Two requests for the same change. Returns their replies in order.

    On PostgreSQL they really run at once, each on its own connection (live_server's threads): both
    wait at a gate just after `gate_after` (module, name), past their checks, so both write and the
    database decides (without `gate_after`, the two are sent together). SQLite runs one writing
    transaction at a time (BEGIN IMMEDIATE), so two requests cannot interleave there: the second
    runs after the first, with `stale_check` (module, name) answering "nothing there yet" as it
    would have had it looked before the first wrote. Same interleaving, same outcome to assert, on
    both databases."""
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
