"""Reads for Do and Review: My pupils, what every adult who teaches a pupil with SEN needs in
front of them (Code 6.48: the plan is shared with every adult who works with the pupil)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from sensupport.plans.models import Assessment, Plan
from sensupport.pupils import codes
from sensupport.pupils.models import Pupil, PupilNeed, TeachingGroup

# The plan staff work from: agreed or active; after a review, the reviewed one until the next
# version is agreed (as plans.selectors.current_plan).
IN_FORCE = (Plan.Status.AGREED, Plan.Status.ACTIVE, Plan.Status.REVIEWED)


@dataclass(frozen=True)
class MyPupil:
    pupil: Pupil
    plan: Plan | None
    read: bool
    needs: list[PupilNeed]
    strengths: str = ""  # from the latest assessment, when there is no plan yet
    what_helps: str = ""

    @property
    def has_sen(self) -> bool:
        return self.pupil.sen_status in (codes.STATUS_SUPPORT, codes.STATUS_EHC)

    @property
    def waiting_to_read(self) -> bool:
        return self.plan is not None and not self.read


@dataclass(frozen=True)
class MyGroup:
    group: TeachingGroup
    pupils: list[MyPupil] = field(default_factory=list)

    @property
    def with_plans(self) -> int:
        return sum(1 for p in self.pupils if p.plan)


@dataclass(frozen=True)
class MyPupils:
    groups: list[MyGroup]

    @property
    def pupils(self) -> dict[int, MyPupil]:
        """Each pupil once, however many of the user's groups they are in."""
        return {entry.pupil.pk: entry for group in self.groups for entry in group.pupils}

    @property
    def plans_to_read(self) -> int:
        return sum(1 for entry in self.pupils.values() if entry.waiting_to_read)

    @property
    def with_sen(self) -> int:
        return sum(1 for entry in self.pupils.values() if entry.has_sen)


def my_pupils(user) -> MyPupils:
    """Every pupil on the register (monitoring, SEN Support, EHC plan) in the classes and groups
    `user` teaches or supports: with a plan, the plan in force and whether the user has read it;
    without one, their needs and what helps from the latest assessment. Six queries, however
    many groups and pupils."""
    if not user.school_id:
        return MyPupils(groups=[])
    in_force = (
        Plan.objects.filter(status__in=IN_FORCE).prefetch_related("provisions", "read_receipts").order_by("-version")
    )
    pupils = (
        Pupil.objects.visible_to(user)
        .on_register()
        .select_related("ehc_summary")
        .prefetch_related(
            Prefetch("plans", queryset=in_force, to_attr="plans_in_force"),
            Prefetch("needs", queryset=PupilNeed.objects.filter(end_date__isnull=True), to_attr="current_needs"),
            Prefetch("assessments", queryset=Assessment.objects.order_by("-cycle"), to_attr="assessments_newest_first"),
        )
        .order_by("surname", "forename", "pk")
    )
    groups = (
        TeachingGroup.objects.filter(school_id=user.school_id, staff=user)
        .prefetch_related(Prefetch("pupils", queryset=pupils, to_attr="register_pupils"))
        .order_by("name")
    )
    rows = []
    for group in groups:
        entries = []
        for pupil in group.register_pupils:
            plan = pupil.plans_in_force[0] if pupil.plans_in_force else None
            assessment = pupil.assessments_newest_first[0] if pupil.assessments_newest_first and plan is None else None
            entries.append(
                MyPupil(
                    pupil=pupil,
                    plan=plan,
                    read=plan is not None and any(r.user_id == user.pk for r in plan.read_receipts.all()),
                    needs=pupil.current_needs,
                    strengths=assessment.strengths if assessment else "",
                    what_helps=assessment.what_helps if assessment else "",
                )
            )
        rows.append(MyGroup(group=group, pupils=entries))
    return MyPupils(groups=rows)
