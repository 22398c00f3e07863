from rest_framework.routers import SimpleRouter

from professionalisation.activities.api import registration_views, views

router = SimpleRouter()
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("sessions", views.SessionViewSet, basename="session")
router.register("registrations", registration_views.RegistrationViewSet, basename="registration")
router.register("waiting-list", registration_views.WaitingListViewSet, basename="waiting-list-entry")

urlpatterns = router.urls
