"""What the school has noticed, told to the family in words written for them.

A concern's own text is the staff's working notes ("struggles to start writing in maths, refuses
to sit with group"): the family sees instead what area the school is looking at, what happens
next and an invitation to talk. Pure: plain values in, sentences out. A young person reading
their own record is spoken to as "you".
"""

from __future__ import annotations

from dataclasses import dataclass

from sensupport.pupils import codes

# What each broad area of need means, in words a parent (or the young person) uses.
AREA_WORDS = {
    codes.BroadArea.COMMUNICATION: "talking, listening and getting on with others",
    codes.BroadArea.COGNITION: "learning, remembering and keeping up with work",
    codes.BroadArea.SEMH: "feelings, worries and behaviour",
    codes.BroadArea.SENSORY_PHYSICAL: "seeing, hearing, moving or coping with noise, touch and other senses",
}


@dataclass(frozen=True)
class ConcernForFamily:
    heading: str
    noticed: str
    next_steps: str


def concern_for_family(*, name: str, is_self: bool, broad_area: str, is_open: bool, decision: str) -> ConcernForFamily:
    """`name` is the child's first name; `decision` is a `Concern.Decision` value or ""."""
    who, has, be, do = ("you", "you have", "are", "do") if is_self else (name, f"{name} has", "is", "does")
    area = AREA_WORDS.get(broad_area)
    noticed = (
        f"The school has noticed that {who} may need some extra help with {area}."
        if area
        else f"The school has noticed something about how {who} {be} getting on and is looking into it."
    )
    if is_open:
        return ConcernForFamily(
            heading="The school is looking into how things are going",
            noticed=noticed,
            next_steps=(
                "The SENCO (the teacher who leads on special educational needs) will look at how "
                f"{who} {be} doing and talk with you before deciding anything. "
                "You know " + ("yourself" if is_self else name) + " best: tell them what you see at home, "
                "or ask them anything."
            ),
        )
    if decision == "sen_support":
        steps = (
            f"{has.capitalize()} started getting SEN Support: extra help in school. "
            "The school will write a support plan with you and meet you about it at least 3 times a year."
        )
    elif decision == "monitor":
        steps = f"The school will keep an eye on how {who} {be} getting on and talk to you if anything changes."
    else:
        steps = (
            f"The school decided that {who} {do} not need extra help for this at the moment: "
            "good teaching in class is enough for now. If you are still worried, tell the school."
        )
    return ConcernForFamily(heading="What the school decided", noticed=noticed, next_steps=steps)
