"""The pages of publications (views.py): the research portal."""

from django.urls import path

from research.publications import views

app_name = "research_publications"

urlpatterns = [
    path("research/publications/", views.publication_list, name="list"),
    path("research/publications/<int:pk>/", views.publication_detail, name="detail"),
]
