from django.urls import path
from rest_framework.routers import SimpleRouter

from partnerships.api import views

router = SimpleRouter()
router.register("education-regions", views.EducationRegionViewSet, basename="education-region")
router.register("alliances", views.AllianceViewSet, basename="alliance")
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("school-boards", views.SchoolBoardViewSet, basename="school-board")
router.register("schools", views.SchoolViewSet, basename="school")
router.register("training-school-partnerships", views.PartnershipViewSet, basename="training-school-partnership")
router.register("school-memberships", views.SchoolMembershipViewSet, basename="school-membership")

urlpatterns = [path("me/", views.MeView.as_view(), name="me"), *router.urls]
