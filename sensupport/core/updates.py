"""Change a row's fields and say what changed: the answer goes straight into the audit row."""

from __future__ import annotations

from django.db import models


def model_update(instance: models.Model, **values) -> dict[str, list]:
    """Set each field in `values` that differs, save only those fields, and return
    `{field: [old, new]}` for them (empty, and nothing saved, when every value is already there)."""
    changes = {
        field: [getattr(instance, field), value] for field, value in values.items() if getattr(instance, field) != value
    }
    if changes:
        for field, (_, value) in changes.items():
            setattr(instance, field, value)
        instance.save(update_fields=list(changes))
    return changes
