"""Demo SEN information report (issue 13, item 5): Oakfield's, published through the real services.

Oakfield's SENCO published a first version last autumn, then this year changed the items that
describe Oakfield in its own words and published version 2, so the public page
(/schools/990101/sen-information-report/) shows the current version, its date and the earlier one.
The figures beside the words are live: the demo's register, reviews and provision catalogue.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sensupport.information_report import services

OAKFIELD_WORDS = {
    "staff_expertise": (
        "Our SENCO, Helen Ashworth, holds the National Award for SEN Co-ordination. Every teaching assistant "
        "has had training in precision teaching and speech and language support (ELKLAN) this year, and two "
        "run our Lego therapy and Zones of Regulation groups. The local authority's educational psychologist "
        "visits each half term."
    ),
    "equipment": (
        "We have a sensory room, a quiet 'Nest' space beside Year 4, writing slopes, coloured overlays, "
        "ear defenders and two laptops with text-to-speech for pupils who need them. Specialist equipment is "
        "requested from Demoshire's sensory support service."
    ),
    "complaints": (
        "Please talk to your child's class teacher or to Mrs Ashworth first: most worries are sorted out "
        "quickly. If you are still unhappy, write to the head teacher, Mr Okoro. Our complaints policy, on "
        "the school website, explains how to take a complaint to the governing body."
    ),
    "consulting_parents": (
        "Parents help write their child's plan and meet us at least three times a year to review it. Parents "
        "can read the plan, prepare for meetings and send us messages through sensupport, and can ask for a "
        "meeting at any time through the school office."
    ),
}


def load(*, schools: dict, sencos: dict, today: dt.date) -> dict[str, int]:
    school, senco = schools["oak"], sencos["oak"]
    first = services.report_publish(actor=senco, school=school)
    first.published_at = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=320), dt.time(16)))
    first.save(update_fields=["published_at"])
    for key, words in OAKFIELD_WORDS.items():
        report = school.information_report
        report.refresh_from_db()
        services.report_item_update(
            actor=senco, school=school, key=key, words=words, expected_edit_version=report.edit_version
        )
    services.report_publish(actor=senco, school=school)
    return {"SEN information report versions": 2}
