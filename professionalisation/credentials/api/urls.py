from rest_framework.routers import SimpleRouter

from professionalisation.credentials.api import views

router = SimpleRouter()
router.register("credentials", views.MicrocredentialViewSet, basename="credential")

urlpatterns = router.urls
