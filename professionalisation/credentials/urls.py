from django.urls import path

from professionalisation.credentials import views

app_name = "credentials"

urlpatterns = [
    # Public and stable: the issuer profile is the `issuer.id` of every credential ever signed.
    path("credentials/issuer/", views.issuer, name="issuer"),
    path("credentials/issuer/jwks.json", views.jwks, name="jwks"),
    path("credentials/status/", views.status, name="status"),
    path("credentials/verify/", views.verify, name="verify"),
    # The learner's own (and staff's).
    path("credentials/mine/", views.mine, name="mine"),
    path("credentials/<uuid:uuid>/", views.detail, name="detail"),
    path("credentials/<uuid:uuid>/credential.jwt", views.download_jwt, name="download-jwt"),
    path("credentials/<uuid:uuid>/credential.json", views.download_json, name="download-json"),
]
