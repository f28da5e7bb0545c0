"""Refreshing the per-school summaries the LA dashboard reads (docs/adr/0016-oversight-freshness.md).

Counts of pupils only, no pupil's record: nothing here is audited as a read (the pages that name
pupils audit them). Idempotent: a refresh overwrites each school's one row."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sensupport.organisations.models import School

from .models import SchoolSummary
from .selectors import school_figures

BATCH = 50  # schools counted together: a fixed number of queries a batch, bounded memory


def summaries_refresh(*, local_authority_id: int | None = None, today: dt.date | None = None) -> int:
    """Count every school's figures (of one LA, or all) and store them. Returns the schools done."""
    today = today or timezone.localdate()
    schools = School.objects.order_by("pk")
    if local_authority_id is not None:
        schools = schools.filter(local_authority_id=local_authority_id)
    ids = list(schools.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        counted = school_figures(batch, today=today)
        now = timezone.now()
        with transaction.atomic():
            existing = {s.school_id: s for s in SchoolSummary.objects.select_for_update().filter(school_id__in=batch)}
            new, changed = [], []
            for school_id, figures in counted.items():
                row = existing.get(school_id) or SchoolSummary(school_id=school_id)
                row.as_of, row.computed_at, row.figures = today, now, figures.as_dict()
                (changed if row.pk else new).append(row)
            SchoolSummary.objects.bulk_create(new)
            SchoolSummary.objects.bulk_update(changed, ["as_of", "computed_at", "figures"])
    return len(ids)


def summaries_refresh_la(local_authority) -> int:
    """One LA's schools, now (the demo runs it once the demo is loaded)."""
    return summaries_refresh(local_authority_id=local_authority.pk)
