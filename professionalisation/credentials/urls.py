from django.urls import path

from professionalisation.credentials import views

app_name = "credentials"

urlpatterns = [
    # Public and stable: the issuer profile is the `issuer.id` of every credential ever signed.
    path("credentials/issuer/", views.issuer, name="issuer"),
    path("credentials/issuer/jwks.json", views.jwks, name="jwks"),
    path("credentials/status/", views.status, name="status"),
    path("credentials/verify/", views.verify, name="verify"),
    # Public and stable too: the Open Badges 2.0 export (hosted verification, Edubadges).
    path("credentials/ob2/issuer/", views.ob2_issuer, name="ob2-issuer"),
    path("credentials/ob2/badges/<int:pk>/<slug:language>/", views.ob2_badge, name="ob2-badge"),
    path("credentials/ob2/badges/<int:pk>/<slug:language>/image.svg", views.ob2_badge_image, name="ob2-badge-image"),
    path("credentials/ob2/assertions/<uuid:uuid>/", views.ob2_assertion, name="ob2-assertion"),
    # The learner's own (and staff's).
    path("credentials/mine/", views.mine, name="mine"),
    path("credentials/<uuid:uuid>/", views.detail, name="detail"),
    path("credentials/<uuid:uuid>/credential.jwt", views.download_jwt, name="download-jwt"),
    path("credentials/<uuid:uuid>/credential.json", views.download_json, name="download-json"),
    path("credentials/<uuid:uuid>/assertion-ob2.json", views.download_ob2, name="download-ob2"),
]
