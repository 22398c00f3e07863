from rest_framework.routers import SimpleRouter

from research.publications.api import views

router = SimpleRouter()
router.register("publications", views.PublicationViewSet, basename="publication")

urlpatterns = router.urls
