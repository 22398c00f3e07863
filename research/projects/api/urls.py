from rest_framework.routers import SimpleRouter

from research.projects.api import views

router = SimpleRouter()
router.register("research-projects", views.ResearchProjectViewSet, basename="research-project")

urlpatterns = router.urls
