"""Test support: run the database queue's worker in this process until the queue is empty.

`db_worker` installs its own signal handlers (to finish a task before stopping); they are put
back afterwards so the test runner's Ctrl+C still works. Nothing in the application imports it.
"""

from __future__ import annotations

import signal

from django.core.management import call_command


def run_worker_once() -> None:
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0", verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
