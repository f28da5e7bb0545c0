"""What a parent can do when they disagree with their child's support, in plain words.

Shown after a parent says they disagree with part of a plan. Data, so that wording and links can
change without touching the pages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    key: str
    title: str
    description: str
    link_text: str = ""
    link_url: str = ""


ROUTES: tuple[Route, ...] = (
    Route(
        "talk",
        "Talk to the SENCO or the head teacher",
        "Ask for a meeting to talk it through. You can bring someone with you. Ask for what was agreed "
        "to be written down, and keep a copy. The school should answer your disagreement in writing.",
    ),
    Route(
        "sendiass",
        "Get free advice from your local SENDIASS",
        "Every local council has a SEND Information, Advice and Support Service (SENDIASS). It is free, "
        "confidential and impartial: it does not work for the school or the council. It can explain "
        "your child's rights, help you prepare for meetings and sometimes come with you.",
        "Find your local council (SENDIASS is listed on its Local Offer pages)",
        "https://www.gov.uk/find-local-council",
    ),
    Route(
        "disagreement_resolution",
        "Disagreement resolution or mediation",
        "Your local council must arrange an independent disagreement resolution service. Someone who does "
        "not work for the school helps you and the school find an answer together. It is free, and taking "
        "part is up to you.",
    ),
    Route(
        "ehc_assessment",
        "Ask the council for an education, health and care (EHC) needs assessment",
        "If you think your child needs more help than the school can give from its own resources, you can "
        "ask the council where your child lives to assess their needs. Anyone can ask: you do not need the "
        "school's agreement. The council must tell you within 6 weeks whether it will carry out the "
        "assessment.",
    ),
)
