from rest_framework.routers import SimpleRouter

from programmes.placements.api import views

router = SimpleRouter()
router.register("placement-offers", views.PlacementOfferViewSet, basename="placement-offer")
router.register("placements", views.PlacementViewSet, basename="placement")

urlpatterns = router.urls
