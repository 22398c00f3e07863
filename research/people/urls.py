"""The pages of research's people (views.py)."""

from django.urls import path

from research.people import views

app_name = "research_people"

urlpatterns = [
    path("research/people/", views.researcher_list, name="list"),
    path("research/profile/", views.own_profile_edit, name="own-profile"),
    path("research/people/<slug:slug>/", views.researcher_detail, name="detail"),
]
