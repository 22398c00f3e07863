from rest_framework.routers import SimpleRouter

from programmes.intake.api import views

router = SimpleRouter()
router.register("applications", views.ApplicationViewSet, basename="application")

urlpatterns = router.urls
