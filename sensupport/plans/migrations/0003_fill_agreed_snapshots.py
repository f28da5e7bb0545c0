"""Versions agreed before snapshots existed get one now, from the rows as they stand: the best
record left of what was agreed. Marked source "migration" so nobody mistakes it for a copy taken
at the moment of agreement."""

from django.db import migrations


def fill(apps, schema_editor):
    from sensupport.plans.snapshot import snapshot_take

    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.filter(snapshot__isnull=True).exclude(status="draft").select_related("pupil", "assessment").iterator(chunk_size=200):
        plan.snapshot = snapshot_take(plan, source="migration")
        plan.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_agreed_snapshot_and_locks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
