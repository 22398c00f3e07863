"""The pages of research projects (views.py): the research portal."""

from django.urls import path

from research.projects import views

app_name = "research_projects"

urlpatterns = [
    path("research/projects/", views.project_list, name="list"),
    path("research/projects/<slug:slug>/", views.project_detail, name="detail"),
]
