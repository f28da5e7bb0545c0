"""Reads for the SEN information report: the school's words, its published versions, and the live
figures a public page shows beside the words.

Every figure is a count of pupils seen outside the school, so every one goes through
core.suppression (docs/adr/0015): no figure names, lists or lets anyone work out a pupil. Figures
are plain dicts of text (already suppressed), so a published version stores exactly what it showed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Q
from django.urls import Resolver404, resolve

from sensupport.accounts.models import Role, User
from sensupport.core import suppression
from sensupport.organisations.models import School
from sensupport.provision.models import Intervention
from sensupport.pupils import codes
from sensupport.pupils.models import Pupil, PupilNeed
from sensupport.reviews.models import Review

from . import schedule
from .models import InformationReport, InformationReportVersion

ON_REGISTER = (codes.STATUS_SUPPORT, codes.STATUS_EHC)
REVIEW_WINDOW_DAYS = 365
NOT_RECORDED = "Not recorded yet"


def report_of(school: School) -> InformationReport | None:
    return InformationReport.objects.filter(school=school).first()


def drafted_words(school: School) -> dict[str, str]:
    senco = (
        User.objects.filter(school=school, role=Role.SENCO, is_active=True).order_by("pk").first()
        if school.pk
        else None
    )
    return schedule.drafted_words(
        school=school.name,
        la=school.local_authority.name,
        senco=senco.get_full_name() if senco else "",
        senco_email=senco.email if senco else "",
    )


def current_words(school: School) -> dict[str, str]:
    """What the editing page shows: the school's words, or the drafted words before any are saved."""
    report = report_of(school)
    drafted = drafted_words(school)
    if report is None:
        return drafted
    return {item.key: report.words.get(item.key, drafted[item.key]) for item in schedule.ITEMS}


def versions(report: InformationReport | None) -> list[InformationReportVersion]:
    if report is None:
        return []
    return list(report.versions.select_related("published_by").order_by("-number"))


def published_school(urn: str) -> School | None:
    """The school with this URN if it has published its report (None: the page is a 404)."""
    return (
        School.objects.select_related("local_authority")
        .filter(urn=urn, information_report__versions__isnull=False)
        .distinct()
        .first()
    )


def published_version(school: School, number: int | None = None) -> InformationReportVersion | None:
    found = InformationReportVersion.objects.filter(report__school=school)
    if number is not None:
        found = found.filter(number=number)
    return found.order_by("-number").first()


def local_offer_url(school: School) -> str:
    """The LA's own Local Offer address when organisations records one, else this site's Local
    Offer (when this site has one: "" until the local_offer app answers at its path)."""
    if own := getattr(school.local_authority, "local_offer_url", ""):
        return own
    try:
        resolve(schedule.LOCAL_OFFER_PATH)
    except Resolver404:
        return ""
    return schedule.LOCAL_OFFER_PATH


# -- the figures ------------------------------------------------------------------------------


def _table(caption: str, headers: list[str], counts: dict[str, int], total_label: str | None, note: str = "") -> dict:
    total = sum(counts.values()) if total_label else None
    shown, total_figure = suppression.group(counts, total=total)
    return {
        "caption": caption,
        "headers": headers,
        "rows": [[label, figure.text] for label, figure in shown.items()],
        "total": [total_label, total_figure.text] if total_figure is not None else None,
        "note": note,
    }


def needs_provided_for(school: School) -> dict:
    """Pupils on SEN Support or with an EHC plan by their primary need (rank 1), most common first."""
    on_register = Pupil.objects.filter(school=school, sen_status__in=ON_REGISTER)
    by_need = Counter(
        dict(
            PupilNeed.objects.filter(pupil__in=on_register, rank=1, end_date__isnull=True)
            .values_list("need_type")
            .annotate(n=Count("pupil", distinct=True))
            .values_list("need_type", "n")
        )
    )
    described = codes.need_types()
    counts = {
        (described[code].description if code in described else code): n
        for code, n in sorted(by_need.items(), key=lambda pair: (-pair[1], pair[0]))
    }
    unrecorded = on_register.count() - sum(by_need.values())
    if unrecorded:
        counts[NOT_RECORDED] = unrecorded
    return _table(
        "Pupils with special educational needs, by their main need",
        ["Main need", "Pupils"],
        counts,
        "All pupils with SEN",
    )


def numbers_on_register(school: School) -> dict:
    row = Pupil.objects.filter(school=school).aggregate(
        support=Count("pk", filter=Q(sen_status=codes.STATUS_SUPPORT)),
        ehc=Count("pk", filter=Q(sen_status=codes.STATUS_EHC)),
        everyone=Count("pk"),
    )
    on_register = row["support"] + row["ehc"]
    share = suppression.share(on_register, row["everyone"])
    note = "" if share.suppressed else f"That is {share.text} of the school's pupils."
    return _table(
        "Pupils with special educational needs",
        ["Support", "Pupils"],
        {"SEN Support": row["support"], "Education, health and care (EHC) plan": row["ehc"]},
        "All pupils with SEN",
        note,
    )


def reviews_with_parents(school: School, *, today: dt.date) -> dict:
    """Pupils on SEN Support by how many plan reviews were held with their parents in the last 12
    months (the Code of Practice, 6.65: at least three times a year)."""
    since = today - dt.timedelta(days=REVIEW_WINDOW_DAYS)
    held = dict(
        Review.objects.filter(
            plan__pupil__school=school,
            plan__pupil__sen_status=codes.STATUS_SUPPORT,
            parent_present=True,
            held_on__gt=since,
            held_on__lte=today,
        )
        .values_list("plan__pupil")
        .annotate(n=Count("pk"))
        .values_list("plan__pupil", "n")
    )
    pupils = Pupil.objects.filter(school=school, sen_status=codes.STATUS_SUPPORT).count()
    buckets = {"Not yet": pupils - len(held), "Once": 0, "Twice": 0, "Three times or more": 0}
    for n in held.values():
        buckets["Once" if n == 1 else "Twice" if n == 2 else "Three times or more"] += 1
    return _table(
        "Pupils on SEN Support by how often their plan was reviewed with their parents in the last 12 months",
        ["Reviews with parents", "Pupils"],
        buckets,
        "All pupils on SEN Support",
    )


def interventions_offered(school: School) -> dict:
    rows = [
        [
            intervention.name,
            f"{intervention.broad_area}. {intervention.description}".strip()
            + f" {float(intervention.sessions_per_week):g} × {intervention.minutes_per_session} minutes a week,"
            f" groups of up to {intervention.group_size}.",
        ]
        for intervention in Intervention.objects.filter(school=school, archived=False).order_by("broad_area", "name")
    ]
    return {
        "caption": "Interventions we offer",
        "headers": ["Intervention", "What it is and how often"],
        "rows": rows,
        "total": None,
        "note": "" if rows else "No interventions are listed in our provision map yet.",
    }


def figures(school: School, *, today: dt.date) -> dict[str, list[dict]]:
    """Schedule 1 item key -> the figure tables shown under it. Staff training is not recorded in
    sensupport yet, so that item has the school's words only."""
    return {
        "kinds_of_sen": [needs_provided_for(school)],
        "identification": [numbers_on_register(school)],
        "assessing_progress": [reviews_with_parents(school, today=today)],
        "additional_support": [interventions_offered(school)],
    }


def sections(words: dict[str, str], shown_figures: dict[str, list[dict]]) -> list[dict]:
    """The report in Schedule order: each item with its words and figures, for a page or the PDF."""
    return [
        {"item": item, "words": words.get(item.key, ""), "figures": shown_figures.get(item.key, [])}
        for item in schedule.ITEMS
    ]
