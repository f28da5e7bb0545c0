"""What counts as a meeting with the parents (Code 6.65: at least three a year): a conversation
held in person, by telephone or by video call; a letter or email is recorded but is not one."""

from __future__ import annotations

import datetime as dt

import pytest

from sensupport.pupils.models import ParentConversation


@pytest.mark.django_db
def test_meetings_are_the_conversations_that_were_not_written(pupil):
    for day, method in enumerate(ParentConversation.Method.values, start=1):
        ParentConversation.objects.create(
            pupil=pupil,
            held_on=dt.date(2026, 10, day),
            method=method,
            purpose=ParentConversation.Purpose.OTHER,
            parents_present="Mum",
            summary="Talked about the plan",
        )
    met = {c.method for c in ParentConversation.objects.meetings()}
    assert met == {"meeting", "phone", "video"}
    # the same rule through the pupil's own conversations (the family's meeting dates read these)
    assert sorted(c.held_on.day for c in pupil.parent_conversations.meetings()) == [1, 2, 3]
    assert ParentConversation.objects.count() == 4
