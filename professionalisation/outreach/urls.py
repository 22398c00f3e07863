"""The pages of outreach, part by part (views/visits.py, views/pal.py)."""

from django.urls import path

from professionalisation.outreach.views import visits

app_name = "outreach"

urlpatterns: list = [
    path("professionalisation/outreach/visits/", visits.visit_list, name="visit-list"),
    path("professionalisation/outreach/visits/new/", visits.visit_request, name="visit-request"),
    path("professionalisation/outreach/visits/<int:pk>/", visits.visit_detail, name="visit-detail"),
    path("professionalisation/outreach/visits/<int:pk>/visit.ics", visits.visit_calendar, name="visit-calendar"),
    path(
        "professionalisation/outreach/visits/<int:pk>/<slug:move>/",
        visits.visit_move,
        name="visit-move",
    ),
    path("professionalisation/outreach/visits/answer/<str:token>/", visits.visit_answer, name="visit-answer"),
]
