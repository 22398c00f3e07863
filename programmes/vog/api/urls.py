from rest_framework.routers import SimpleRouter

from programmes.vog.api import views

router = SimpleRouter()
router.register("vog-certificates", views.VogCertificateViewSet, basename="vog-certificate")

urlpatterns = router.urls
