"""A task whose worker is killed with SIGKILL runs again on another worker (issue 7, finding 8).

Drives real `manage.py db_worker` processes against a database this test shares with them: the
PostgreSQL test database itself, or on SQLite (whose test database lives in this process's
memory) a file copy of it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from sensupport.jobs.tests.tasks_for_tests import wait_for_release

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MANAGE = Path(settings.BASE_DIR) / "manage.py"


def shared_database(tmp_path: Path):
    """A DATABASE_URL for worker processes, and a reader of (status, worker_ids, return_value)
    for a task in that database."""
    if connection.vendor == "sqlite":
        file = tmp_path / "queue.sqlite3"
        connection.ensure_connection()
        with closing(sqlite3.connect(file)) as copy:
            connection.connection.backup(copy)

        def read(task_id: str):
            with closing(sqlite3.connect(file)) as db:
                status, worker_ids, value = db.execute(
                    "SELECT status, worker_ids, return_value FROM django_tasks_database_dbtaskresult WHERE id = ?",
                    [task_id.replace("-", "")],
                ).fetchone()
            return status, json.loads(worker_ids), None if value is None else json.loads(value)

        return f"sqlite:///{file}", read

    from django_tasks_db.models import DBTaskResult

    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    url = f"postgres://{quote(db['USER'])}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"

    def read(task_id: str):
        row = DBTaskResult.objects.get(pk=task_id)
        return row.status, row.worker_ids, row.return_value

    return url, read


def start_worker(worker_id: str, database_url: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": "database",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "test-only-key-for-worker-processes",
        "TASKS_LEASE_SECONDS": "1",  # heartbeat every 0.25 s; a dead worker's task is free after 1 s
        "TASKS_RETRY_DELAY_SECONDS": "1",
    }
    command = [
        sys.executable,
        str(MANAGE),
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.1",
        "--worker-id",
        worker_id,
        "-v",
        "1",
    ]
    return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=log.open("ab"), stderr=subprocess.STDOUT)


def wait_until(predicate, *, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(
                f"Gave up waiting {seconds:.0f} s for: {what}\nWorker output:\n{log.read_text(errors='replace')}"
            )
        time.sleep(0.1)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.django_db(transaction=True)
def test_a_task_lost_with_a_killed_worker_runs_again_on_another_worker(tmp_path, settings):
    settings.TASKS = DB_QUEUE
    folder = tmp_path / "task"
    folder.mkdir()
    runs = folder / "runs"
    log = tmp_path / "workers.log"
    result = wait_for_release.enqueue(str(folder))
    database_url, read = shared_database(tmp_path)

    # Two workers share the queue; whichever takes the task is killed mid-task.
    workers = {name: start_worker(name, database_url, log) for name in ("worker-a", "worker-b")}
    try:
        wait_until(
            lambda: runs.exists() and runs.read_text().endswith("\n"),
            seconds=30,
            what="a worker to start the task",
            log=log,
        )
        victim = read(result.id)[1][0]
        (survivor,) = set(workers) - {victim}
        workers[victim].send_signal(signal.SIGKILL)
        workers[victim].wait(timeout=10)
        status, worker_ids, _ = read(result.id)
        assert (status, worker_ids) == ("RUNNING", [victim])  # what a dead worker leaves behind

        (folder / "release").touch()
        wait_until(
            lambda: read(result.id)[0] == "SUCCESSFUL",
            seconds=30,
            what="the other worker to run the task again",
            log=log,
        )
    finally:
        for process in workers.values():
            stop(process)

    status, worker_ids, value = read(result.id)
    assert worker_ids == [victim, survivor]
    assert value == 2  # the second run finished, and it was the second
    assert runs.read_text().split() == [str(workers[victim].pid), str(workers[survivor].pid)]
