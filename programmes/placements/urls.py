from django.urls import path

from programmes.placements import views_staff

app_name = "placements"

urlpatterns = [
    # Placement staff (programmes/placements/views_staff.py).
    path("placements/matching/", views_staff.matching_view, name="matching"),
    path("placements/matching/assign/", views_staff.matching_assign, name="matching-assign"),
    path("placements/overview/", views_staff.overview, name="overview"),
    path("placements/overview/export.<str:fmt>", views_staff.overview_export, name="overview-export"),
]
