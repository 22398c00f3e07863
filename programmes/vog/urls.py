from django.urls import path

from programmes.vog import views

app_name = "vog"

urlpatterns = [
    path("placements/vog/", views.mine, name="mine"),
    path("placements/vog/<int:pk>/document/", views.document, name="document"),
]
