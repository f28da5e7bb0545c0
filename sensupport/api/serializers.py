from __future__ import annotations

from rest_framework import serializers

from sensupport.pupils import codes
from sensupport.pupils.models import Pupil, PupilNeed, SenStatusChange


class NeedSerializer(serializers.ModelSerializer):
    description = serializers.CharField(read_only=True)
    broad_area = serializers.CharField(read_only=True)

    class Meta:
        model = PupilNeed
        fields = ["need_type", "rank", "description", "broad_area", "start_date"]


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SenStatusChange
        fields = ["status", "start_date", "source", "original_code", "reason"]


class PupilSummarySerializer(serializers.ModelSerializer):
    school_urn = serializers.CharField(source="school.urn", read_only=True)
    census_provision = serializers.SerializerMethodField()
    needs = serializers.SerializerMethodField()

    class Meta:
        model = Pupil
        fields = [
            "id",
            "upn",
            "surname",
            "forename",
            "preferred_forename",
            "date_of_birth",
            "sex",
            "year_group",
            "school_urn",
            "sen_status",
            "census_provision",
            "sen_status_since",
            "needs",
        ]

    def get_census_provision(self, pupil: Pupil) -> str:
        return codes.census_provision(pupil.sen_status)

    def get_needs(self, pupil: Pupil) -> list[dict]:
        needs = getattr(pupil, "current_needs", None)
        if needs is None:
            needs = pupil.needs.filter(end_date__isnull=True)
        return NeedSerializer(needs, many=True).data


class PupilDetailSerializer(PupilSummarySerializer):
    status_history = StatusChangeSerializer(many=True, read_only=True)

    class Meta(PupilSummarySerializer.Meta):
        fields = PupilSummarySerializer.Meta.fields + ["status_history"]


class PlanOutcomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    how_we_will_know = serializers.CharField()


class PlanProvisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    description = serializers.CharField()
    delivered_by = serializers.CharField()
    sessions_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    minutes_per_session = serializers.IntegerField(allow_null=True)
    group_size = serializers.IntegerField(allow_null=True)
    setting = serializers.CharField()
    replaces_lessons = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    annual_cost = serializers.SerializerMethodField(
        help_text=(
            "What the line costs a year for this pupil in the current financial year, computed from the provision "
            "map's catalogue and pay rates (never typed). Null for a line of an ended plan version, for a line with "
            "no costed intervention, and for callers who may not see costs (families)."
        )
    )
    barriers = serializers.SerializerMethodField()

    def get_annual_cost(self, provision) -> str | None:  # a decimal string, as DRF writes money
        cost = (self.context.get("annual_costs") or {}).get(provision.id)
        return None if cost is None else f"{cost:.2f}"

    def get_barriers(self, provision) -> list[str]:
        return [b.title for b in provision.barriers.all()]


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    agreed_on = serializers.DateField(allow_null=True)
    agreed_how = serializers.CharField()
    agreed_with = serializers.CharField()
    review_date = serializers.DateField(allow_null=True)
    pupil_views = serializers.CharField()
    parent_views = serializers.CharField()
    school_responsibilities = serializers.CharField()
    parent_responsibilities = serializers.CharField()
    pupil_responsibilities = serializers.CharField()
    outcomes = PlanOutcomeSerializer(many=True)
    provisions = PlanProvisionSerializer(many=True)
