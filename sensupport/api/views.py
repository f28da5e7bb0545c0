"""The JSON API: the same scope (visible_to) and audit as the web pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record, audit_record_many
from sensupport.pupils import selectors
from sensupport.pupils.access import get_pupil_for_user

from .serializers import PlanSerializer, PupilDetailSerializer, PupilSummarySerializer


class PupilList(generics.ListAPIView):
    """Pupils the caller may see, filtered like the register page."""

    serializer_class = PupilSummarySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, description="N, M, K, E or 'register'"),
            OpenApiParameter("need", str, description="DfE need type code, e.g. SLCN"),
            OpenApiParameter("area", str, description="communication, cognition, semh or sensory"),
            OpenApiParameter("year_group", str),
            OpenApiParameter("group", int, description="Teaching group id"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        filters = selectors.RegisterFilters(
            status=params.get("status", ""),
            need=params.get("need", ""),
            area=params.get("area", ""),
            year_group=params.get("year_group", ""),
            group=params.get("group", "") if params.get("group", "").isdigit() else "",
        )
        return selectors.register_pupils(self.request.user, filters)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        pupils = list(queryset) if page is None else page
        # Every pupil returned is a read of that pupil's record: one row each, in one insert.
        audit_record_many(
            actor=request.user, action=AuditEvent.Action.LIST, target="pupil record (API list)", pupils=pupils,
            summary=f"Listed by the API: {request.get_full_path()[:200]}", via=AuditEvent.Via.API,
        )
        data = self.get_serializer(pupils, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)


class PupilDetail(generics.RetrieveAPIView):
    serializer_class = PupilDetailSerializer

    def get_object(self):
        pupil = get_pupil_for_user(self.request.user, self.kwargs["pk"])
        audit_record(actor=self.request.user, action="view", pupil=pupil, target="pupil record", target_id=pupil.pk, via=AuditEvent.Via.API)
        return pupil


class PupilPlans(generics.ListAPIView):
    """The pupil's plan versions: drafts only for staff of the pupil's school."""

    serializer_class = PlanSerializer
    pagination_class = None

    def get_queryset(self):
        from sensupport.plans.models import Plan
        from sensupport.plans.selectors import plans_with_related

        pupil = get_pupil_for_user(self.request.user, self.kwargs["pk"], perm="plans.view_plan")
        audit_record(actor=self.request.user, action="view", pupil=pupil, target="plans", via=AuditEvent.Via.API)
        plans = pupil.plans.all()
        if not self.request.user.has_perm("plans.view_draft", pupil):
            plans = plans.exclude(status=Plan.Status.DRAFT)
        return plans_with_related(plans.order_by("version"))
