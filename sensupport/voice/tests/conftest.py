from __future__ import annotations

import pytest

from sensupport.voice import services


@pytest.fixture
def walk(pupil, parent):
    """Peter's day as his mother recorded it: lunch very hard (noisy), PE hard, the rest fine."""
    w = services.walkthrough_start(
        pupil=pupil,
        actor=parent,
        with_whom="Mum",
        lessons_before_break=["Maths"],
        lessons_after_break=["English"],
        lessons_after_lunch=["PE"],
    )
    answers = {
        "Arriving at school": (4, "", ""),
        "Maths": (3, "", ""),
        "Morning break": (5, "", ""),
        "English": (3, "", ""),
        "Lunch": (1, "It is too noisy and I can't eat", "Eating somewhere quiet"),
        "PE": (2, "Getting changed takes ages", ""),
        "Moving between rooms": (3, "", ""),
        "Home time": (5, "", ""),
    }
    for part in w.parts.all():
        feeling, hard, easier = answers[part.label]
        services.walkthrough_part_record(part=part, actor=parent, feeling=feeling, hard=hard, easier=easier)
    services.walkthrough_complete(walkthrough=w, actor=parent)
    return w


@pytest.fixture
def lunch(walk):
    return walk.parts.get(key="lunch")
