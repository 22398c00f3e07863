from rest_framework.routers import SimpleRouter

from professionalisation.circles.api import views

router = SimpleRouter()
router.register("development-paths", views.DevelopmentPathViewSet, basename="development-path")
router.register("learning-circles", views.LearningCircleViewSet, basename="learning-circle")

urlpatterns = router.urls
