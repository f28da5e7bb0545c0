"""What goes in each document a school sends home, independent of format.

Each builder returns a `Document`: a title and sections of simple blocks (paragraphs, quotes,
lists, fact tables, data tables). The PDF template and the Word builder both walk the same
`Document`, so the two formats always say the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from sensupport.plans.models import Barrier, Plan, Provision
from sensupport.plans.selectors import one_page_profile, plans_with_related
from sensupport.plans.snapshot import plan_content

NOT_RECORDED = "Not recorded yet."


# -- blocks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rich:
    """A table cell with a bold lead line, then plain text."""

    lead: str
    text: str = ""

    def __str__(self) -> str:
        return f"{self.lead}: {self.text}" if self.text else self.lead


Cell = str | Rich


@dataclass
class Para:
    type = "para"
    text: str
    kind: str = "block"


@dataclass
class Quote:
    type = "quote"
    """Someone's view in their own words, never edited."""

    text: str
    who: str


@dataclass
class Bullets:
    type = "bullets"
    items: list[str]


@dataclass
class Facts:
    type = "facts"
    """Label and value pairs: a two-column table whose first column heads each row."""

    caption: str
    rows: list[tuple[str, str]]


@dataclass
class Table:
    type = "table"
    caption: str
    headers: list[str]
    rows: list[list[Cell]]
    foot: list[tuple[str, int]] | None = None  # (text, columns spanned)
    widths: list[int] | None = None  # relative column widths, summing to 100
    kind: str = ""


Block = Para | Quote | Bullets | Facts | Table


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    kind: str = ""


@dataclass
class Document:
    kind: str  # plan, profile, review
    title: str
    subtitle: str
    running_title: str
    subject: str
    author: str
    sections: list[Section]
    notice: str = ""  # shown prominently, e.g. for a draft
    closing: str = ""
    filename_stem: str = ""


# -- small formatters -------------------------------------------------------------------------


def long_date(value: dt.date | None, empty: str = "Not set") -> str:
    return f"{value.day} {value:%B %Y}" if value else empty


def short_date(value: dt.date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""


def money(value: Decimal | None) -> str:
    if not value:
        return "No cost"
    return f"£{value:,.2f}"


def first_name(pupil) -> str:
    return pupil.preferred_forename or pupil.forename


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


_NO_DECOMPOSITION = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Þ": "Th",
        "þ": "th",
        "ı": "i",
    }
)


def ascii_slug(text: str) -> str:
    """'Zoë O'Brien-Smith' -> 'Zoe-OBrien-Smith': safe in any file system and header."""
    plain = unicodedata.normalize("NFKD", text.translate(_NO_DECOMPOSITION)).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"['’`]", "", plain)
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-") or "pupil"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def often(p: Provision) -> str:
    sessions, minutes = p.sessions_per_week, p.minutes_per_session
    count = _number(sessions) if sessions else ""
    times = {"1": "Once", "2": "Twice"}.get(count, f"{count} times")
    if sessions and minutes:
        return f"{times} a week, {minutes} minutes each\n({p.weekly_minutes} minutes a week)"
    if sessions:
        return f"{times} a week"
    if minutes:
        return f"{minutes} minutes a session"
    return "Every day, as needed" if p.kind == Provision.Kind.ADJUSTMENT else "Not set"


def group_and_where(p: Provision) -> str:
    if p.group_size is None:
        group = "Whole class" if p.setting == Provision.Setting.IN_CLASS else ""
    else:
        group = "One-to-one" if p.group_size == 1 else f"Group of {p.group_size}"
    lines = [p.get_setting_display()] + ([group] if group else [])
    if p.setting == Provision.Setting.WITHDRAWN:
        lines.append(f"Replaces: {p.replaces_lessons}" if p.replaces_lessons else "Lessons replaced: not set")
    return "\n".join(lines)


def dates(p: Provision) -> str:
    if p.start_date and p.end_date:
        return f"{short_date(p.start_date)} to {short_date(p.end_date)}"
    if p.start_date:
        return f"From {short_date(p.start_date)}"
    if p.end_date:
        return f"Until {short_date(p.end_date)}"
    return "For the whole plan"


def plan_date(plan: Plan) -> dt.date:
    return plan.agreed_on or timezone.localdate()


def _stem(pupil, document: str, on: dt.date) -> str:
    return f"{ascii_slug(pupil.display_name)}_{document}_{on.isoformat()}"


def _identity(pupil) -> list[tuple[str, str]]:
    rows = [("Name", pupil.display_name)]
    if pupil.legal_name != pupil.display_name:
        rows.append(("Legal name", pupil.legal_name))
    return rows + [
        ("Date of birth", long_date(pupil.date_of_birth)),
        ("Year group", pupil.get_year_group_display()),
        ("School", pupil.school.name),
    ]


def _plan_with_related(plan: Plan) -> Plan:
    return plans_with_related(
        Plan.objects.filter(pk=plan.pk).select_related("pupil", "pupil__school", "assessment")
    ).get()


def _barrier_cell(barrier: Barrier) -> Rich:
    parts = [barrier.description.strip()]
    if barrier.where_when.strip():
        parts.append(f"Where and when: {barrier.where_when.strip()}")
    if barrier.effect.strip():
        parts.append(f"How it affects learning: {barrier.effect.strip()}")
    return Rich(barrier.title, "\n".join(p for p in parts if p))


def _provision_cell(p: Provision) -> Rich:
    return Rich(p.get_kind_display(), p.description.strip())


def _text_or(text: str, empty: str = NOT_RECORDED) -> str:
    return text.strip() or empty


# -- the plan ---------------------------------------------------------------------------------


def plan_document(plan: Plan) -> Document:
    """The plan as this version shows it: an agreed version from its snapshot, never the live
    assessment."""
    plan = _plan_with_related(plan)
    pupil = plan.pupil
    name = first_name(pupil)
    content = plan_content(plan)
    outcomes, provisions, barriers = list(content.outcomes), list(content.provisions), list(content.barriers)

    about = _identity(pupil) + [
        ("Plan version", str(plan.version)),
        ("Status", plan.get_status_display()),
        ("Agreed on", long_date(plan.agreed_on, "Not yet agreed")),
    ]
    if plan.agreed_on:
        how = plan.get_agreed_how_display().lower() if plan.agreed_how else ""
        about.append(("Agreed with", f"{plan.agreed_with}, {how}" if how else plan.agreed_with))
    about.append(("Review date", long_date(plan.review_date)))

    barrier_table = Table(
        caption=f"Barriers to {possessive(name)} learning",
        headers=["Barrier", "Broad area of need", "How much it affects learning now"],
        rows=[
            [_barrier_cell(b.barrier), b.barrier.get_broad_area_display(), b.impact_label or "Not assessed"]
            for b in barriers
        ],
        widths=[54, 24, 22],
    )
    outcome_table = Table(
        caption="Outcomes",
        headers=["What we want to be different", "How we will know"],
        rows=[[o.description.strip(), _text_or(o.how_we_will_know, "Not set")] for o in outcomes],
        widths=[50, 50],
    )
    provision_table = Table(
        caption=f"Support for {name}",
        # No cost column: what support costs the school is computed by the provision map, for staff
        # (provision.selectors); a plan is the family's document too, and never shows staff costs.
        headers=["Support", "Who", "How often and how long", "Group and where", "When", "For barrier"],
        rows=[
            [
                _provision_cell(p),
                p.delivered_by,
                often(p),
                group_and_where(p),
                dates(p),
                "; ".join(b.title for b in p.for_barriers) or "Not linked",
            ]
            for p in provisions
        ],
        widths=[29, 12, 17, 15, 12, 15],
        kind="provision",
    )

    sections = [
        Section("About this plan", [Facts("About this plan", about)]),
        Section(f"What {name} says", [Quote(_text_or(content.pupil_views), f"{name}, in their own words")]),
        Section(
            f"What {possessive(name)} parents or carers say",
            [Quote(_text_or(content.parent_views), "Parents or carers, in their own words")],
        ),
        Section(
            f"What gets in the way of {possessive(name)} learning",
            [barrier_table] if barriers else [Para("No barriers are recorded for this plan.")],
        ),
        Section(
            "What we want to be different (outcomes)",
            [outcome_table] if outcomes else [Para("No outcomes are recorded yet.")],
        ),
        Section(
            f"The support {name} will get",
            [provision_table] if provisions else [Para("No support is recorded yet.")],
            kind="provision",
        ),
        Section(
            "Who will do what",
            [
                Facts(
                    "Who will do what",
                    [
                        ("School will", _text_or(content.school_responsibilities)),
                        ("Parents or carers will", _text_or(content.parent_responsibilities)),
                        (f"{name} will", _text_or(content.pupil_responsibilities)),
                    ],
                )
            ],
        ),
        Section(
            "Review",
            [
                Para(
                    f"We will meet to review this plan by {long_date(plan.review_date)}. "
                    f"We will look together at {possessive(name)} progress towards each outcome and at whether the "
                    "support is helping."
                    if plan.review_date
                    else "The review date has not been set yet."
                )
            ],
        ),
    ]
    draft = plan.status == Plan.Status.DRAFT
    document_name = f"support-plan-v{plan.version}" + ("-draft" if draft else "")
    return Document(
        kind="plan",
        title=f"SEN Support plan for {pupil.display_name}",
        subtitle=f"Version {plan.version} · {plan.get_status_display()} · {pupil.school.name}",
        running_title=f"{pupil.display_name}: SEN Support plan, version {plan.version}",
        subject="SEN Support plan",
        author=pupil.school.name,
        sections=sections,
        notice="Draft: this plan has not been agreed yet and may change." if draft else "",
        filename_stem=_stem(pupil, document_name, plan_date(plan)),
    )


# -- the one-page profile ---------------------------------------------------------------------


def profile_document(plan: Plan) -> Document:
    profile = one_page_profile(_plan_with_related(plan))
    pupil = profile.pupil
    name = first_name(pupil)
    sections = [
        Section("About me", [Para(_text_or(profile.about_me, f"We will fill this in with {name}."))], kind="about"),
        Section(
            "What I am good at",
            [Para(_text_or(profile.strengths, f"We will fill this in with {name}."))],
            kind="strengths",
        ),
        Section(
            "What I like", [Para(_text_or(profile.interests, f"We will fill this in with {name}."))], kind="interests"
        ),
        Section(
            "What is hard for me",
            [Bullets(profile.hard_for_me) if profile.hard_for_me else Para("Nothing recorded yet.")],
            kind="hard",
        ),
        Section(
            "What helps me",
            [Bullets(profile.what_helps) if profile.what_helps else Para("Nothing recorded yet.")],
            kind="helps",
        ),
    ]
    plan = profile.plan
    agreed = f", agreed {long_date(plan.agreed_on)}" if plan.agreed_on else " (draft)"
    review = f" We will look at it again by {long_date(plan.review_date)}." if plan.review_date else ""
    return Document(
        kind="profile",
        title=f"All about {name}",
        subtitle=f"My one-page profile · {pupil.get_year_group_display()} · {pupil.school.name}",
        running_title=f"{pupil.display_name}: one-page profile",
        subject="One-page profile",
        author=pupil.school.name,
        sections=sections,
        closing=f"From {possessive(name)} SEN Support plan, version {plan.version}{agreed}.{review}",
        filename_stem=_stem(pupil, "one-page-profile", plan_date(plan)),
    )


# -- the review record ------------------------------------------------------------------------


def review_document(plan: Plan) -> Document:
    """The record of the review of this plan version. Raises Review.DoesNotExist without one."""
    review = plan.review
    plan = _plan_with_related(plan)
    pupil = plan.pupil
    name = first_name(pupil)
    progress = {p.outcome_id: p for p in review.outcome_progress.all()}
    evaluations = {e.provision_id: e for e in review.provision_evaluations.all()}
    content = plan_content(plan)
    outcomes, provisions = list(content.outcomes), list(content.provisions)

    about = _identity(pupil) + [
        (
            "Plan reviewed",
            f"Version {plan.version}" + (f", agreed {long_date(plan.agreed_on)}" if plan.agreed_on else ""),
        ),
        ("Date of review", long_date(review.held_on)),
        ("Who came", review.attendees.strip()),
        ("Parent or carer present", "Yes" if review.parent_present else "No"),
    ]
    outcome_rows = []
    for o in outcomes:
        judged = progress.get(o.pk)
        outcome_rows.append(
            [
                Rich(
                    o.description.strip(),
                    f"How we said we would know: {o.how_we_will_know.strip()}" if o.how_we_will_know.strip() else "",
                ),
                judged.get_progress_display() if judged else "Not recorded",
                _text_or(judged.evidence, "None recorded") if judged else "None recorded",
            ]
        )
    provision_rows = []
    for p in provisions:
        judged = evaluations.get(p.pk)
        provision_rows.append(
            [
                _provision_cell(p),
                judged.get_delivered_display() if judged else "Not recorded",
                judged.get_helped_display() if judged else "Not recorded",
                _text_or(judged.comment, "") if judged else "",
            ]
        )
    sections = [
        Section("About this review", [Facts("About this review", about)]),
        Section(f"What {name} says", [Quote(_text_or(review.pupil_views), f"{name}, in their own words")]),
        Section(
            f"What {possessive(name)} parents or carers say",
            [Quote(_text_or(review.parent_views), "Parents or carers, in their own words")],
        ),
        Section(
            "Progress towards the outcomes",
            [
                Table(
                    "Progress towards each outcome",
                    ["Outcome", "Progress", "Evidence"],
                    outcome_rows,
                    widths=[48, 16, 36],
                )
                if outcome_rows
                else Para("The plan had no outcomes.")
            ],
        ),
        Section(
            "How the support went",
            [
                Table(
                    "How each piece of support went",
                    ["Support", "Delivered as planned?", "Did it help?", "Comment"],
                    provision_rows,
                    widths=[42, 18, 16, 24],
                )
                if provision_rows
                else Para("The plan had no support recorded.")
            ],
        ),
        Section(
            "What happens next",
            [
                Facts("Decision", [("Decision", review.get_decision_display())]),
                Para("Who does what by when", kind="heading"),
                Para(review.summary.strip()),
            ],
        ),
    ]
    return Document(
        kind="review",
        title=f"Review of {possessive(pupil.display_name)} SEN Support plan",
        subtitle=f"Plan version {plan.version} · Reviewed {long_date(review.held_on)} · {pupil.school.name}",
        running_title=f"{pupil.display_name}: review of SEN Support plan, version {plan.version}",
        subject="SEN Support plan review",
        author=pupil.school.name,
        sections=sections,
        filename_stem=_stem(pupil, "review", review.held_on),
    )


def all_text(document: Document) -> list[str]:
    """Every piece of text in the document, in order (for tests and search)."""
    out = [document.title, document.subtitle, document.notice, document.closing]
    for section in document.sections:
        out.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Para | Quote):
                out.append(block.text)
            elif isinstance(block, Bullets):
                out += block.items
            elif isinstance(block, Facts):
                out += [text for row in block.rows for text in row]
            elif isinstance(block, Table):
                out += (
                    block.headers + [str(c) for row in block.rows for c in row] + [text for text, _ in block.foot or []]
                )
    return [t for t in out if t]
