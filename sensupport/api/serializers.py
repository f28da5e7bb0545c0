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
            "id", "upn", "surname", "forename", "preferred_forename", "date_of_birth", "sex", "year_group",
            "school_urn", "sen_status", "census_provision", "sen_status_since", "needs",
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
