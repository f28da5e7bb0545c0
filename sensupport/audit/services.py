"""Write the audit trail. Services call these inside their own transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .models import AuditEvent

# The enums' values, once (Django's `.values` builds a new list on every call).
_ACTIONS = frozenset(AuditEvent.Action.values)
_TARGETS = frozenset(AuditEvent.Target.values)
_VIAS = frozenset(AuditEvent.Via.values)


def _checked_via(via: str) -> str:
    """Only the audit's own words for how something was made: a typo would otherwise file a
    change under a channel nobody filters on."""
    if via not in _VIAS:
        raise ValueError(f"via must be one of {sorted(AuditEvent.Via.values)}, not {via!r}")
    return via


def _checked_action(action: str) -> str:
    """Only AuditEvent.Action's words: the trail is filtered by them (reads are view, list, export)."""
    if action not in _ACTIONS:
        raise ValueError(f"action must be one of {sorted(AuditEvent.Action.values)}, not {action!r}")
    return action


def _checked_target(target: str) -> str:
    """Only AuditEvent.Target's words: a misspelt target would hide a row from anyone looking
    for what it describes."""
    if target not in _TARGETS:
        raise ValueError(f"target must be one of AuditEvent.Target's values, not {target!r}")
    return target


def _actor_label(actor) -> str:
    if actor is None:
        return "system"
    role = actor.get_role_display() if getattr(actor, "role", "") else "user"
    return f"{actor.display_name} ({role})"


def audit_record(
    *,
    actor,
    action: AuditEvent.Action,
    target: AuditEvent.Target,
    pupil=None,
    school=None,
    target_id: Any = "",
    summary: str = "",
    changes: dict | None = None,
    via: str = AuditEvent.Via.WEB,
) -> AuditEvent:
    school_id = pupil.school_id if school is None and pupil is not None else getattr(school, "pk", None)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=_actor_label(actor) if actor is None or actor.is_authenticated else "anonymous",
        action=_checked_action(action),
        pupil=pupil,
        school_id=school_id,
        target=_checked_target(target),
        target_id=str(target_id or ""),
        summary=summary[:500],
        changes=changes or {},
        via=_checked_via(via),
    )


def audit_record_many(
    *,
    actor,
    action: AuditEvent.Action,
    target: AuditEvent.Target,
    pupils: Iterable,
    summary: str = "",
    via: str = AuditEvent.Via.WEB,
) -> int:
    """One row per pupil in a single insert, however many pupils: exports read every pupil they
    contain, and a list (an API page, a search's results, the home page) every pupil it shows.
    A pupil given twice gets one row."""
    unique = {pupil.pk: pupil for pupil in pupils}
    return audit_record_each(
        actor=actor, action=action, target=target, rows=[(pupil, summary, {}) for pupil in unique.values()], via=via
    )


def audit_record_each(
    *, actor, action: str, target: str, rows: Iterable[tuple], via: str = "web", batch_size=500
) -> int:
    """One row per (pupil, summary, changes) in `rows`, in one insert per `batch_size`: for a bulk
    write (an import) where each pupil's row says what changed for that pupil. The same checks and
    the same actor label as `audit_record`."""
    action, target, via = _checked_action(action), _checked_target(target), _checked_via(via)
    user = actor if actor is not None and actor.is_authenticated else None
    label = _actor_label(actor) if actor is None or actor.is_authenticated else "anonymous"
    actor_id = user.pk if user is not None else None  # ids, not instances: no descriptor work per row
    events = [
        AuditEvent(
            actor_id=actor_id,
            actor_label=label,
            action=action,
            pupil_id=pupil.pk,
            school_id=pupil.school_id,
            target=target,
            target_id=str(pupil.pk),
            summary=summary[:500],
            changes=changes or {},
            via=via,
        )
        for pupil, summary, changes in rows
    ]
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    return len(events)
