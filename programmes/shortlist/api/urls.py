from rest_framework.routers import SimpleRouter

from programmes.shortlist.api import views

router = SimpleRouter()
router.register("shortlist", views.SavedRouteViewSet, basename="saved-route")

urlpatterns = router.urls
