"""Tasks that exist only for the tests of the task queue (importable by a worker subprocess)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.core.mail import send_mail
from django_tasks import task


@task()
def wait_for_release(directory: str) -> int:
    """Note this run (its process id) in ``runs``, then wait until a file ``release`` appears.
    Returns how many runs there have been, this one included."""
    folder = Path(directory)
    with (folder / "runs").open("a") as runs:
        runs.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + 60
    while not (folder / "release").exists():
        if time.monotonic() > deadline:
            raise RuntimeError("never released")
        time.sleep(0.05)
    return len((folder / "runs").read_text().split())


@task()
def send_one_email(address: str) -> None:
    send_mail(subject="Test", message="Test", from_email=None, recipient_list=[address])


@task()
def raise_value_error() -> None:
    raise ValueError("a fault in the task, not in the network")
