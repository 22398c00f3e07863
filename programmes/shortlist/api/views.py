"""The shortlist API: /api/v1/shortlist/, the signed-in person's own saved routes.

Reads go through programmes/shortlist/selectors.py: everybody sees only their own shortlist
(another person's saved route is a 404, staff included); visitors get 401. Writes call the same
services as the pages, so a duplicate is the same 409 with the same message."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from iclon.core.api.schema import ErrorSerializer
from iclon.core.api.views import TenantScopedMixin
from iclon.core.personalpages import personal_page
from programmes.shortlist import services
from programmes.shortlist.api.serializers import SavedRouteInputSerializer, SavedRouteSerializer
from programmes.shortlist.models import SavedRoute
from programmes.shortlist.selectors import saved_route_get_for_user, saved_route_list_for_user

TAG = ["Shortlist"]
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The saved route's id.")


@extend_schema_view(
    list=extend_schema(
        tags=TAG,
        summary="List your saved routes",
        description="Your own shortlist, newest first. Everybody sees only their own.",
    ),
    retrieve=extend_schema(
        tags=TAG,
        summary="Get one of your saved routes",
        description="404 for a saved route of somebody else.",
        parameters=[ID_PARAMETER],
    ),
    create=extend_schema(
        tags=TAG,
        summary="Save a route to your shortlist",
        description=(
            "Saves a published route by its slug, with an optional note. Answers 201 with the saved route; "
            "400 for an unknown or unpublished route or a note that is too long; 409 when the route is on "
            "your shortlist already."
        ),
        request=SavedRouteInputSerializer,
        responses={
            201: SavedRouteSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="The route cannot be saved, or the note is too long.",
                examples=[
                    OpenApiExample(
                        "Not offered",
                        value={
                            "detail": "Invalid input.",
                            "errors": {"pathway": ["This route cannot be saved: it is not (or no longer) offered."]},
                        },
                    )
                ],
            ),
            409: OpenApiResponse(
                ErrorSerializer,
                description="The route is on your shortlist already.",
                examples=[
                    OpenApiExample(
                        "Already saved",
                        value={
                            "detail": "This route is already on your shortlist.",
                            "errors": {"pathway": ["This route is already on your shortlist."]},
                        },
                    )
                ],
            ),
        },
    ),
    destroy=extend_schema(
        tags=TAG,
        summary="Remove a route from your shortlist",
        description="Answers 204; 404 for a saved route of somebody else.",
        parameters=[ID_PARAMETER],
    ),
)
@personal_page(actions=("list",))
class SavedRouteViewSet(
    TenantScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SavedRouteSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []
    lookup_value_regex = r"[0-9]{1,10}"
    queryset = SavedRoute.objects.none()  # for the schema; the real one comes from the selector

    def get_queryset(self):
        return saved_route_list_for_user(user=self.request.user)

    def get_object(self):
        saved_route = saved_route_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, saved_route)
        return saved_route

    def create(self, request, *args, **kwargs):
        data = SavedRouteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved_route = services.saved_route_create(
            user=request.user, pathway=data.validated_data["pathway"], note=data.validated_data["note"]
        )
        saved_route = saved_route_get_for_user(user=request.user, pk=saved_route.pk)
        return Response(self.get_serializer(saved_route).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.saved_route_delete(saved_route=instance, actor=self.request.user)
