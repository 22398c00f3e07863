from rest_framework.routers import SimpleRouter

from programmes.support.api import views

router = SimpleRouter()
router.register("support-questions", views.SupportQuestionViewSet, basename="support-question")

urlpatterns = router.urls
