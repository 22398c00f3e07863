from rest_framework.routers import SimpleRouter

from research.questions.api import views

router = SimpleRouter()
router.register("research-questions", views.ResearchQuestionViewSet, basename="research-question")
router.register("answered-research-questions", views.PublicQuestionViewSet, basename="answered-research-question")

urlpatterns = router.urls
