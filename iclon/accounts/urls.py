from django.urls import path

from iclon.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("tokens/", views.api_tokens, name="api-tokens"),
    path("tokens/<str:token_key>/revoke/", views.api_token_revoke_view, name="api-token-revoke"),
    path("data/", views.data_export, name="data"),
    path("delete/", views.erasure, name="erasure"),
    path("delete/<int:pk>/withdraw/", views.erasure_withdraw, name="erasure-withdraw"),
]
