from rest_framework.routers import SimpleRouter

from research.coordination.api import views

router = SimpleRouter()
router.register("support-requests", views.SupportRequestViewSet, basename="support-request")

urlpatterns = router.urls
