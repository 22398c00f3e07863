from rest_framework.routers import SimpleRouter

from research.knowledge.api import views

router = SimpleRouter()
router.register("principles", views.TeachingLearningPrincipleViewSet, basename="principle")

urlpatterns = router.urls
