"""Pure rules for moving a pupil between SEN statuses.

The law: schools must tell parents when they make special educational provision for a child and
involve them before starting or ending it. So a pupil goes onto SEN Support, or comes off it, only
after a recorded conversation with the parents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .codes import STATUS_EHC, STATUS_LABELS, STATUS_MONITORING, STATUS_NONE, STATUS_SUPPORT

# How recent the conversation must be to count for a decision (configurable per deployment later).
CONVERSATION_VALID_DAYS = 120


@dataclass(frozen=True)
class Conversation:
    held_on: dt.date
    purpose: str  # ParentConversation.Purpose value


def status_change_problem(
    *,
    current: str,
    new: str,
    on: dt.date,
    conversations: Iterable[Conversation],
    current_since: dt.date | None,
) -> str | None:
    """Why this change is not allowed yet; None if it may go ahead."""
    if new not in STATUS_LABELS:
        return f"{new!r} is not a SEN status"
    if new == current:
        return f"the pupil is already recorded as {STATUS_LABELS[new]}"
    convs = list(conversations)
    earliest = on - dt.timedelta(days=CONVERSATION_VALID_DAYS)

    def has(purpose: str, after: dt.date | None = None) -> bool:
        floor = max(earliest, after) if after else earliest
        return any(c.purpose == purpose and floor <= c.held_on <= on for c in convs)

    if new == STATUS_SUPPORT and current in (STATUS_NONE, STATUS_MONITORING) and not has("start_support"):
        return (
            "record a conversation with the parents about starting SEN Support first "
            f"(held in the {CONVERSATION_VALID_DAYS} days before the start date)"
        )
    if (
        current == STATUS_SUPPORT
        and new in (STATUS_NONE, STATUS_MONITORING)
        and not has("end_support", after=current_since)
    ):
        return "record a conversation with the parents about ending SEN Support first"
    if current == STATUS_EHC and new in (STATUS_NONE, STATUS_MONITORING):
        return "an EHC plan is ceased by the local authority; record SEN Support (K) instead if support continues"
    return None
