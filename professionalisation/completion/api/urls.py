from django.urls import path
from rest_framework.routers import SimpleRouter

from professionalisation.completion.api import stats, views

router = SimpleRouter()
router.register("attendance", views.AttendanceViewSet, basename="attendance")
router.register("certificates", views.CertificateViewSet, basename="certificate")

urlpatterns = [
    *router.urls,
    # The dashboard's overall numbers (api/stats.py).
    path("professionalisation-stats/", stats.StatisticsView.as_view(), name="professionalisation-stats"),
]
