"""The element 2 threshold in force since the 2013 school funding reform: schools meet the first
£6,000 of a pupil's additional support from their notional SEN budget. A later amount is a new row
with its own effective date (funding.models.Element2Threshold), never an edit of this one."""

import datetime as dt
from decimal import Decimal

from django.db import migrations


def add(apps, schema_editor):
    Threshold = apps.get_model("funding", "Element2Threshold")
    Threshold.objects.get_or_create(
        effective_from=dt.date(2013, 4, 1),
        defaults={
            "amount": Decimal("6000.00"),
            "approaching_share": Decimal("0.80"),
            "source": "DfE high needs funding arrangements: the first £6,000 of additional support is met from "
            "the school's notional SEN budget (element 2) before top-up (element 3) funding",
        },
    )


def remove(apps, schema_editor):
    apps.get_model("funding", "Element2Threshold").objects.filter(effective_from=dt.date(2013, 4, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
