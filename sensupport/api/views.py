"""The JSON API: the same scope (visible_to) and audit as the web pages."""

from __future__ import annotations

import dataclasses

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record, audit_record_many
from sensupport.pupils import selectors
from sensupport.pupils.access import get_pupil_for_user
from sensupport.pupils.forms import RegisterFilterForm
from sensupport.pupils.models import Pupil

from .serializers import PlanSerializer, PupilDetailSerializer, PupilSummarySerializer


class PupilPagination(PageNumberPagination):
    # DRF's "Invalid page." says neither what is wrong nor what to send (and echoes the value).
    invalid_page_message = "Page must be a whole number from 1 to the last page (see count and next)"

    def get_page_number(self, request, paginator):
        # DRF reads an empty `page=` as page 1; the schema says page is a whole number, so it is
        # refused like any other value that is not one.
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        return paginator.num_pages if raw in self.last_page_strings else raw


def _values(choices) -> list[str]:
    """A filter's allowed values; the empty value means "any" (as a blank form field sends it)."""
    return [""] + [value for value, _label in choices if value]


_FILTERS = RegisterFilterForm()
ERRORS = {
    403: OpenApiResponse(
        response=OpenApiTypes.OBJECT, description="Not signed in (or the sign-in's second step is not done)"
    ),
    404: OpenApiResponse(
        response=OpenApiTypes.OBJECT, description="No such pupil among those you may see, or no such page"
    ),
}


class PupilList(generics.ListAPIView):
    """Pupils the caller may see, filtered like the register page. A filter value that is not
    allowed is a 400 naming the parameter and what it may be."""

    serializer_class = PupilSummarySerializer
    pagination_class = PupilPagination
    FILTERS = ("status", "need", "area", "year_group", "group", "coverage")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=_values(_FILTERS.fields["status"].choices),
                description="N, M, K, E, or 'register' for all three of M, K and E",
            ),
            OpenApiParameter(
                "need", str, enum=_values(_FILTERS.fields["need"].choices), description="DfE need type code"
            ),
            OpenApiParameter(
                "area", str, enum=_values(_FILTERS.fields["area"].choices), description="Broad area of need"
            ),
            OpenApiParameter(
                "year_group",
                str,
                enum=_values(_FILTERS.fields["year_group"].choices),
                description="National curriculum year",
            ),
            OpenApiParameter(
                "group",
                int,
                description="Teaching group id: pupils in that class or group (none if it is not one of yours)",
            ),
            OpenApiParameter(
                "coverage",
                str,
                enum=_values(_FILTERS.fields["coverage"].choices),
                description="A gap in plan coverage: on SEN Support with no agreed plan, plan past its review date, "
                "or parents not met three times in the last 12 months",
            ),
        ],
        responses={
            200: PupilSummarySerializer(many=True),
            400: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description=(
                    "A filter value is not allowed: the body maps each such parameter to messages saying what is"
                ),
            ),
            **ERRORS,
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        params = {name: self.request.query_params.get(name, "") for name in self.FILTERS}
        groups = list(selectors.groups_for_filter(user))  # read once: the form's choices and the group check
        group = params.pop("group").strip()
        form = RegisterFilterForm(params, groups=groups)
        if not form.is_valid():
            raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
        filters = form.register_filters()
        if group:
            try:
                group_id = int(group) if group.isascii() else None
            except ValueError:
                group_id = None
            if group_id is None:
                raise ValidationError({"group": ["Class or group must be a teaching group id, a whole number"]})
            if group_id not in {g.pk for g in groups}:
                # A class that is not yours holds none of your pupils (as the register's own
                # filter would say); whether that class exists is not told.
                return Pupil.objects.none()
            filters = dataclasses.replace(filters, group=str(group_id))
        return selectors.register_pupils(user, filters)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        pupils = list(queryset) if page is None else page
        # Every pupil returned is a read of that pupil's record: one row each, in one insert.
        audit_record_many(
            actor=request.user,
            action=AuditEvent.Action.LIST,
            target=AuditEvent.Target.PUPIL_RECORD_API_LIST,
            pupils=pupils,
            summary=f"Listed by the API: {request.get_full_path()[:200]}",
            via=AuditEvent.Via.API,
        )
        data = self.get_serializer(pupils, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)


@extend_schema_view(get=extend_schema(responses={200: PupilDetailSerializer, **ERRORS}))
class PupilDetail(generics.RetrieveAPIView):
    serializer_class = PupilDetailSerializer

    def get_object(self):
        pupil = get_pupil_for_user(self.request.user, self.kwargs["pk"])
        audit_record(
            actor=self.request.user,
            action=AuditEvent.Action.VIEW,
            pupil=pupil,
            target=AuditEvent.Target.PUPIL_RECORD,
            target_id=pupil.pk,
            via=AuditEvent.Via.API,
        )
        return pupil


@extend_schema_view(get=extend_schema(responses={200: PlanSerializer(many=True), **ERRORS}))
class PupilPlans(generics.ListAPIView):
    """The pupil's plan versions: drafts only for staff of the pupil's school."""

    serializer_class = PlanSerializer
    pagination_class = None

    def get_queryset(self):
        from sensupport.plans.models import Plan
        from sensupport.plans.selectors import plans_with_related

        pupil = get_pupil_for_user(self.request.user, self.kwargs["pk"], perm="plans.view_plan")
        audit_record(
            actor=self.request.user,
            action=AuditEvent.Action.VIEW,
            pupil=pupil,
            target=AuditEvent.Target.PLANS,
            via=AuditEvent.Via.API,
        )
        self.pupil = pupil
        plans = pupil.plans.all()
        if not self.request.user.has_perm("plans.view_draft", pupil):
            plans = plans.exclude(status=Plan.Status.DRAFT)
        return plans_with_related(plans.order_by("version"))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        pupil = getattr(self, "pupil", None)
        if pupil is not None and self.request.user.has_perm("provision.view_pupil_costs", pupil):
            from sensupport.provision.selectors import pupil_cost_lines

            context["annual_costs"] = {
                line.provision_id: line.annual_cost
                for line in pupil_cost_lines(pupil=pupil)
                if line.intervention_id is not None
            }
        return context
