"""DfE code lists for the SEN register: provision (status) and need types.

Pure data and pure functions, no database. The need-type list lives in data/need_types.csv so a
new census code (Down syndrome arrived in January 2025) is a data change, not a code change.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


class BroadArea:
    COMMUNICATION = "Communication and interaction"
    COGNITION = "Cognition and learning"
    SEMH = "Social, emotional and mental health"
    SENSORY_PHYSICAL = "Sensory and/or physical"
    NONE = ""

    ALL = (COMMUNICATION, COGNITION, SEMH, SENSORY_PHYSICAL)
    SLUGS = {
        "communication": COMMUNICATION,
        "cognition": COGNITION,
        "semh": SEMH,
        "sensory": SENSORY_PHYSICAL,
    }


# SEN status. N, K and E are census codes; M (monitoring) is ours: a concern is open and the
# pupil is not yet on SEN Support. It goes out to the census and CTF as N.
STATUS_NONE = "N"
STATUS_MONITORING = "M"
STATUS_SUPPORT = "K"
STATUS_EHC = "E"
STATUS_LABELS = {
    STATUS_NONE: "No SEN",
    STATUS_MONITORING: "Monitoring",
    STATUS_SUPPORT: "SEN Support",
    STATUS_EHC: "EHC plan",
}
CENSUS_PROVISION_CODES = (STATUS_NONE, STATUS_SUPPORT, STATUS_EHC)

# Historic provision codes accepted on import and mapped to today's; never emitted.
HISTORIC_PROVISION = {
    "A": (STATUS_SUPPORT, "School Action (to 2015) recorded as SEN Support (K)"),
    "P": (STATUS_SUPPORT, "School Action Plus (to 2015) recorded as SEN Support (K)"),
    "S": (STATUS_EHC, "Statement of SEN (to 2018) recorded as EHC plan (E)"),
}


@dataclass(frozen=True)
class NeedType:
    code: str
    description: str
    broad_area: str
    current: bool
    replaced_by: str = ""

    @property
    def label(self) -> str:
        return f"{self.description} ({self.code})"


@cache
def need_types() -> dict[str, NeedType]:
    """Every need-type code we recognise, current and historic, keyed by code."""
    with open(DATA_DIR / "need_types.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["code"]: NeedType(
            code=row["code"],
            description=row["description"],
            broad_area=row["broad_area"],
            current=row["current"] == "yes",
            replaced_by=row["replaced_by"],
        )
        for row in rows
    }


def display_name(forename: str, surname: str, preferred_forename: str = "", preferred_surname: str = "") -> str:
    """The name a pupil goes by: their preferred forename and surname where recorded, else their legal ones."""
    return f"{preferred_forename or forename} {preferred_surname or surname}"


def need_description(code: str) -> str:
    """A need code's DfE description, or the code itself when it is not one we know."""
    need = need_types().get(code)
    return need.description if need else code


def current_need_types() -> list[NeedType]:
    return [need for need in need_types().values() if need.current]


def need_choices() -> list[tuple[str, str]]:
    return [(need.code, need.label) for need in current_need_types()]


def broad_area_of(code: str) -> str:
    need = need_types().get(code)
    return need.broad_area if need else ""


def normalise_need_code(raw: str) -> tuple[str | None, str | None]:
    """Return (current code, note about a mapping) or (None, None) if the code is unknown."""
    code = (raw or "").strip().upper()
    need = need_types().get(code)
    if need is None:
        return None, None
    if not need.current:
        return need.replaced_by, f"historic need type {code} recorded as {need.replaced_by}"
    return code, None


def normalise_provision_code(raw: str) -> tuple[str | None, str | None]:
    """Return (status, note about a mapping) or (None, None) if the code is unknown."""
    code = (raw or "").strip().upper()
    if code in CENSUS_PROVISION_CODES:
        return code, None
    if code in HISTORIC_PROVISION:
        status, note = HISTORIC_PROVISION[code]
        return status, f"historic provision code {code}: {note}"
    return None, None


def is_ascii_digits(text: str) -> bool:
    """True for one or more of the digits 0 to 9 and nothing else.

    str.isdigit() is not enough: it accepts superscripts ("²", which int() then refuses) and other
    scripts' digits ("٣", which int() reads as 3), neither of which belongs in a DfE code.
    """
    return bool(text) and text.isascii() and text.isdigit()


def census_provision(status: str) -> str:
    """What goes to the census and CTF: monitoring is not a census status."""
    return STATUS_NONE if status == STATUS_MONITORING else status
