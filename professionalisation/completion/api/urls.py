from rest_framework.routers import SimpleRouter

from professionalisation.completion.api import views

router = SimpleRouter()
router.register("attendance", views.AttendanceViewSet, basename="attendance")
router.register("certificates", views.CertificateViewSet, basename="certificate")

urlpatterns = router.urls
