from django.urls import path  # noqa: F401  (the routes are added below as the views land)

app_name = "placements"

urlpatterns = []
