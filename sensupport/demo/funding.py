"""Demo SEN funding (issue 10, items 5, 7 and 8), after the provision map's demo has costed each
school's support (sensupport/demo/provision.py: at each of Oakfield and Hillcrest a pupil over the
£6,000 element 2 threshold and one approaching it). Through the real services:

- each mainstream school's notional SEN budget and Inclusive Mainstream Fund allocation this year;
- Hillcrest's pupil over the threshold: a top-up request for what the support costs beyond it,
  sent to the LA (Demoshire's officer sees it); Oakfield's: a draft request;
- Oakfield's inclusion strategy drafted from its catalogue and budget and published by the head
  (public at /inclusion-strategy/); Hillcrest's drafted, waiting for its head.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sensupport.accounts.models import Role, User
from sensupport.funding import selectors
from sensupport.funding import services as funding

BUDGETS = {"oak": (Decimal("62000.00"), Decimal("9500.00")), "hillcrest": (Decimal("148000.00"), Decimal("21000.00"))}
CASE = (
    "{name} needs an adult beside them for most of each day to take part in lessons, and speech and language "
    "therapy every week. The plan and its reviews show the support working. Together it costs more than the "
    "school meets from its notional SEN budget."
)


def load_funding(*, schools: dict, sencos: dict, today: dt.date) -> dict[str, int]:
    fy = selectors.financial_year_start(today)
    counts = {"SEN budgets": 0, "top-up requests": 0, "inclusion strategies": 0}
    for key, (notional, imf) in BUDGETS.items():
        school, senco = schools[key], sencos[key]
        funding.budget_set(
            actor=senco, school=school, financial_year_start=fy, notional_sen_budget=notional, imf_allocation=imf
        )
        counts["SEN budgets"] += 1
        watch = selectors.element2_watch(school_id=school.pk, financial_year_start=fy)
        if watch.over:
            top = watch.over[0]
            request = funding.topup_create(
                actor=senco,
                pupil=top.pupil,
                amount_requested=top.above,
                case=CASE.format(name=top.pupil.preferred_forename or top.pupil.forename),
            )
            if key == "hillcrest":
                funding.topup_send(actor=senco, request=request)
            counts["top-up requests"] += 1
        strategy = funding.strategy_draft(actor=senco, school=school, financial_year_start=fy)
        counts["inclusion strategies"] += 1
        head = User.objects.filter(school=school, role=Role.HEAD, is_active=True).order_by("pk").first()
        if key == "oak" and head is not None:
            funding.strategy_publish(actor=head, strategy=strategy)
    return counts
