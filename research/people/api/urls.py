from rest_framework.routers import SimpleRouter

from research.people.api import views

router = SimpleRouter()
router.register("research-people", views.ResearcherViewSet, basename="research-person")

urlpatterns = router.urls
