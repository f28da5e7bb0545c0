from django.core.management.base import BaseCommand

from sensupport.oversight.summaries import summaries_refresh


class Command(BaseCommand):
    help = "Recount every school's oversight figures now (the task does it on its schedule: docs/adr/0016)."

    def handle(self, *args, **options):
        done = summaries_refresh()
        self.stdout.write(f"Oversight figures recounted for {done} schools.")
