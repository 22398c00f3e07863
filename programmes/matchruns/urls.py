from django.urls import path

from programmes.matchruns import views

app_name = "matchruns"

urlpatterns = [
    path("placements/matching-runs/", views.run_list, name="list"),
    path("placements/matching-runs/<int:pk>/", views.run_detail, name="detail"),
    path("placements/matching-runs/<int:pk>/rerun/", views.run_rerun, name="rerun"),
    path("placements/matching-runs/<int:pk>/apply/", views.run_apply, name="apply"),
    path("placements/matching-runs/<int:pk>/decide/", views.run_decide, name="decide"),
    path("placements/matching-runs/<int:pk>/constraints/", views.constraint_set, name="constraint-set"),
    path(
        "placements/matching-runs/<int:pk>/constraints/<int:constraint_pk>/remove/",
        views.constraint_remove,
        name="constraint-remove",
    ),
]
