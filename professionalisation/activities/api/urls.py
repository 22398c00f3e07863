from rest_framework.routers import SimpleRouter

from professionalisation.activities.api import views

router = SimpleRouter()
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("sessions", views.SessionViewSet, basename="session")

urlpatterns = router.urls
