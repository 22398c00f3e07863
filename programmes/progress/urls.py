from django.urls import path

from programmes.progress import views

app_name = "progress"

urlpatterns = [
    path("study-progress/", views.mine, name="mine"),
    path("study-progress/trainees/<int:pk>/", views.trainee_detail, name="trainee"),
    path("study-progress/behind/", views.behind, name="behind"),
    path("study-progress/results/", views.bulk_results, name="results"),
    path("study-progress/import/", views.import_results, name="import"),
]
