"""django-tasks-db's `db_worker`, with leases: a heartbeat keeps this worker's tasks leased and
recovers tasks lost with other workers (sensupport/jobs/leases.py, ADR 0008). It replaces the
library's command because sensupport.jobs comes before django_tasks_db in INSTALLED_APPS, the way
django.contrib.staticfiles replaces `runserver`; every option is the library's."""

from __future__ import annotations

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as LibraryCommand

from sensupport.jobs.leases import LeaseKeeper


class Command(LibraryCommand):
    help = LibraryCommand.help + " (with leases: tasks lost with a worker run again, see ADR 0008)"

    def handle(self, *args, **options):
        # With --reload the first process only watches files and restarts a child that runs tasks.
        watcher_only = options["reload"] and not options["batch"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if watcher_only:
            return super().handle(*args, **options)
        keeper = LeaseKeeper(options["worker_id"])
        keeper.start()
        try:
            return super().handle(*args, **options)
        finally:
            keeper.stop()
