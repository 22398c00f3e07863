from django.urls import path
from rest_framework.routers import SimpleRouter

from programmes.api import intake, placements, views

router = SimpleRouter()
router.register("subjects", views.SchoolSubjectViewSet, basename="subject")
router.register("qualifications", views.QualificationViewSet, basename="qualification")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("pathways", views.PathwayViewSet, basename="pathway")
router.register("degree-fields", views.DegreeFieldViewSet, basename="degree-field")
router.register("deficiency-courses", views.DeficiencyCourseViewSet, basename="deficiency-course")
router.register("applications", intake.ApplicationViewSet, basename="application")
router.register("placement-offers", placements.PlacementOfferViewSet, basename="placement-offer")
router.register("placements", placements.PlacementViewSet, basename="placement")

urlpatterns = [path("route-finder/", views.RouteFinderView.as_view(), name="route-finder"), *router.urls]
