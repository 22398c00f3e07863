from django.urls import path
from rest_framework.routers import SimpleRouter

from programmes.catalogue.api import views

router = SimpleRouter()
router.register("subjects", views.SchoolSubjectViewSet, basename="subject")
router.register("qualifications", views.QualificationViewSet, basename="qualification")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("pathways", views.PathwayViewSet, basename="pathway")
router.register("degree-fields", views.DegreeFieldViewSet, basename="degree-field")
router.register("deficiency-courses", views.DeficiencyCourseViewSet, basename="deficiency-course")

urlpatterns = [path("route-finder/", views.RouteFinderView.as_view(), name="route-finder"), *router.urls]
