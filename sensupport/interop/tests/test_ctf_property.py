"""Property: whatever pupils we write to a CTF, reading the file back gives the same records."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from sensupport.interop.ctf import SchoolRef, ctf_parse, ctf_write_records
from sensupport.interop.records import YEAR_GROUPS, PupilRecord, SenHistoryEntry
from sensupport.pupils.census import RankedNeed, upn_check_letter

NEED_CODES = ["SLCN", "ASD", "SPLD", "MLD", "SEMH", "HI", "VI", "PD", "OTH"]
names = st.text(alphabet=string.ascii_letters + " '-éëñ&<>\"", min_size=1, max_size=30).map(str.strip).filter(bool)
dates = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2025, 7, 1))


@st.composite
def upns(draw) -> str:
    body = draw(st.from_regex(r"[0-9]{11}[0-9A-HJ-NPRTUVWXYZ]", fullmatch=True))
    return upn_check_letter(body) + body


@st.composite
def sen(draw) -> tuple[list[SenHistoryEntry], list[RankedNeed]]:
    starts = sorted(draw(st.sets(dates, max_size=4)))
    history = [SenHistoryEntry(d, draw(st.sampled_from(["N", "K", "E"]))) for d in starts]
    if not history or history[-1].status == "N":
        return history, []
    codes = draw(st.lists(st.sampled_from(NEED_CODES), min_size=1, max_size=2, unique=True))
    return history, [RankedNeed(code, rank) for rank, code in enumerate(codes, start=1)]


@st.composite
def pupil_records(draw) -> list[PupilRecord]:
    unique_upns = draw(st.lists(upns(), min_size=1, max_size=5, unique=True))
    records = []
    for position, upn in enumerate(unique_upns, start=1):
        history, needs = draw(sen())
        records.append(
            PupilRecord(
                position=position,
                where=f"pupil {position} (UPN {upn})",
                upn=upn,
                surname=draw(names),
                forename=draw(names),
                middle_names=draw(st.one_of(st.none(), names)),
                preferred_surname=draw(st.one_of(st.none(), names)),
                preferred_forename=draw(st.one_of(st.none(), names)),
                date_of_birth=draw(dates),
                sex=draw(st.sampled_from("FMU")),
                year_group=draw(st.sampled_from(YEAR_GROUPS)),
                sen_history=history,
                needs=needs,
            )
        )
    return records


@settings(max_examples=60, deadline=None)
@given(pupil_records())
def test_ctf_write_then_read_returns_the_same_pupils(records):
    content = ctf_write_records(
        source=SchoolRef("202", "2002", "100002", "Elm"), dest=SchoolRef("201", "2001"), records=records
    )
    parsed = ctf_parse(content)
    assert parsed.all_problems == []
    assert parsed.all_notes == []
    assert len(parsed.records) == len(records)
    for written, read in zip(records, parsed.records):
        for attribute in ("upn", "surname", "forename", "date_of_birth", "sex", "year_group", "sen_history", "needs"):
            assert getattr(read, attribute) == getattr(written, attribute), attribute
        for attribute in ("middle_names", "preferred_surname", "preferred_forename"):
            assert (getattr(read, attribute) or None) == getattr(written, attribute), attribute
