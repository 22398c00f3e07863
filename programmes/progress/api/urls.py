from rest_framework.routers import SimpleRouter

from programmes.progress.api import views

router = SimpleRouter()
router.register("study-progress", views.StudyProgressViewSet, basename="study-progress")

urlpatterns = router.urls
