"""The partnerships API: the public directory (read-only) and school memberships (scoped)."""

from django.db.models import Count
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from iclon.accounts.api.permissions import ScopedReadStaffWrite
from iclon.core.api.cache import anonymous_list
from iclon.core.api.views import ModelViewSet, ReadOnlyViewSet, TenantScopedMixin
from iclon.core.tenancy import ALL_SCHOOLS, visible_school_ids
from partnerships.api import filters, serializers
from partnerships.api.lists import school_list_data, school_rows
from partnerships.models import Alliance, EducationRegion, Institution, School, SchoolBoard, SchoolMembership
from partnerships.models import TrainingSchoolPartnership as Partnership
from partnerships.selectors import membership_list_for_user, memberships_of_user
from partnerships.services.memberships import membership_create, membership_delete, membership_update

# What a slug is (SlugField): the URL pattern, and so the schema, admit nothing else.
SLUG = r"[-a-zA-Z0-9_]+"


def _read_only_docs(noun: str, lookup: str):
    return extend_schema_view(
        list=extend_schema(summary=f"List {noun}s", description=f"All {noun}s, paginated; public."),
        retrieve=extend_schema(summary=f"Get one {noun} by {lookup}"),
    )


@_read_only_docs("education region", "slug")
class EducationRegionViewSet(ReadOnlyViewSet):
    queryset = EducationRegion.objects.order_by("name")
    serializer_class = serializers.EducationRegionSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = SLUG
    search_fields = ["name"]
    ordering_fields = ["name"]
    filterset_fields = []


@_read_only_docs("institution", "slug")
class InstitutionViewSet(ReadOnlyViewSet):
    queryset = Institution.objects.order_by("name")
    serializer_class = serializers.InstitutionSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = SLUG
    search_fields = ["name", "short_name", "city"]
    ordering_fields = ["name"]
    filterset_fields = ["kind", "trains_teachers"]


@_read_only_docs("alliance", "slug")
class AllianceViewSet(ReadOnlyViewSet):
    queryset = Alliance.objects.prefetch_related("institutions", "regions").order_by("name")
    serializer_class = serializers.AllianceSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = SLUG
    search_fields = ["name"]
    ordering_fields = ["name"]
    filterset_fields = []


@_read_only_docs("school board", "number")
class SchoolBoardViewSet(ReadOnlyViewSet):
    queryset = SchoolBoard.objects.order_by("name", "number")
    serializer_class = serializers.SchoolBoardSerializer
    permission_classes = [AllowAny]
    lookup_field = "number"
    lookup_value_regex = r"[0-9]{1,8}"
    search_fields = ["name", "number", "city"]
    ordering_fields = ["name", "number"]
    filterset_fields = []


@extend_schema_view(
    list=extend_schema(
        summary="List schools",
        description="Every school branch in the register, filtered by region, board, partnership, sector…; public.",
    ),
    retrieve=extend_schema(
        summary="Get one school by its code",
        parameters=[
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                description="Vestigingscode, e.g. 02EA03 (case-insensitive).",
                pattern=r"^[0-9A-Za-z]{6}$",
            )
        ],
    ),
)
class SchoolViewSet(ReadOnlyViewSet):
    queryset = School.objects.select_related("board", "region", "partnership").order_by("name", "brin_code")
    serializer_class = serializers.SchoolSerializer
    permission_classes = [AllowAny]
    filterset_class = filters.SchoolFilter
    search_fields = ["name", "city", "municipality", "brin_code"]
    ordering_fields = ["name", "brin_code", "city", "municipality"]
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z]{6}"

    def list(self, request, *args, **kwargs):
        # Anonymous clients share the answer (iclon/core/api/cache.py; retired by receivers.py).
        return anonymous_list(request, self._list)

    def _list(self):
        # A page of plain rows (partnerships/api/lists.py): the same JSON as SchoolSerializer,
        # without a model instance and a serializer field per column.
        rows = school_rows(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(rows)
        if page is None:
            return Response(school_list_data(rows))
        return self.get_paginated_response(school_list_data(page))

    def get_object(self):
        code = self.kwargs["code"].upper()
        school = self.get_queryset().filter(brin_code=code[:4], branch_number=code[4:]).first()
        if school is None:
            raise Http404
        return school


@_read_only_docs("training-school partnership", "slug")
class PartnershipViewSet(ReadOnlyViewSet):
    queryset = (
        Partnership.objects.select_related("lead_school", "region")
        .annotate(member_count=Count("member_schools"))
        .order_by("name")
    )
    serializer_class = serializers.TrainingSchoolPartnershipSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filterset_class = filters.PartnershipFilter
    search_fields = ["name"]
    ordering_fields = ["name", "accredited_until"]


@extend_schema_view(
    list=extend_schema(
        summary="List school memberships you may see",
        description="School users see their own schools' memberships; staff see all.",
    ),
    retrieve=extend_schema(summary="Get one school membership"),
    create=extend_schema(
        summary="Add a person to a school (staff)", request=serializers.SchoolMembershipWriteSerializer
    ),
    update=extend_schema(summary="Change a membership (staff)", request=serializers.SchoolMembershipUpdateSerializer),
    partial_update=extend_schema(
        summary="Change part of a membership (staff)", request=serializers.SchoolMembershipUpdateSerializer
    ),
    destroy=extend_schema(summary="Remove a membership (staff)"),
)
class SchoolMembershipViewSet(ModelViewSet):
    serializer_class = serializers.SchoolMembershipSerializer
    permission_classes = [ScopedReadStaffWrite]
    filterset_class = filters.SchoolMembershipFilter
    search_fields = ["user__full_name", "user__email", "school__name"]
    ordering_fields = ["active_from", "role"]
    queryset = SchoolMembership.objects.none()  # for the schema; the real one is scoped below

    def get_queryset(self):
        return (
            membership_list_for_user(user=self.request.user)
            .select_related("user", "school")
            .order_by("school__name", "role", "user__full_name", "pk")
        )

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def create(self, request, *args, **kwargs):
        data = self._input(serializers.SchoolMembershipWriteSerializer)
        membership = membership_create(
            user=data["user_email"],
            school=data["school"],
            role=data["role"],
            active_from=data.get("active_from"),
            active_until=data.get("active_until"),
            actor=request.user,
        )
        return Response(self.get_serializer(membership).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        kwargs.pop("partial", None)  # every field of the update is optional
        membership = self.get_object()
        data = self._input(serializers.SchoolMembershipUpdateSerializer)
        changes = {key: data[key] for key in ("role", "active_from", "active_until") if key in data}
        membership = membership_update(membership=membership, actor=request.user, **changes)
        return Response(self.get_serializer(membership).data)

    def perform_destroy(self, instance):
        membership_delete(membership=instance, actor=self.request.user)


class MeView(TenantScopedMixin, APIView):
    """The caller: who they are, their staff groups, their school roles and visible schools."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Who am I", responses=serializers.MeSerializer)
    def get(self, request):
        user = request.user
        memberships = memberships_of_user(user=user)
        ids = visible_school_ids(user)
        visible = None if ids is ALL_SCHOOLS else [s.code for s in School.objects.filter(pk__in=ids).order_by("name")]
        data = {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "is_staff": user.is_staff,
            "staff_groups": sorted(g.name for g in user.groups.all()),
            "memberships": memberships,
            "visible_schools": visible,
        }
        return Response(serializers.MeSerializer(data).data)
