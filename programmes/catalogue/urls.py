from django.urls import path

from programmes.catalogue import views

app_name = "programmes"

urlpatterns = [
    path("routes/", views.catalogue, name="catalogue"),
    path("routes/finder/", views.finder, name="finder"),
    path("routes/compare/", views.compare, name="compare"),
    path("routes/subjects/", views.subject_list, name="subject-list"),
    path("routes/subjects/<slug:slug>/", views.subject_detail, name="subject-detail"),
    path("routes/<slug:slug>/", views.pathway_detail, name="pathway-detail"),
]
