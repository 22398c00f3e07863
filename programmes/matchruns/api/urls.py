from rest_framework.routers import SimpleRouter

from programmes.matchruns.api import views

router = SimpleRouter()
router.register("matching-runs", views.MatchingRunViewSet, basename="matching-run")

urlpatterns = router.urls
