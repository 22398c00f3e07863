from rest_framework.routers import SimpleRouter

from iclon.webhooks.api import views

router = SimpleRouter()
router.register("webhooks", views.WebhookSubscriptionViewSet, basename="webhook")

urlpatterns = router.urls
