"""The pages of outreach, part by part (views/visits.py, views/pal.py, views/orientation.py)."""

from django.urls import path

from professionalisation.outreach.views import orientation

app_name = "outreach"

urlpatterns: list = [
    # Orientation on the teaching profession (views/orientation.py): staff's funnel.
    path("professionalisation/orientation/funnel/", orientation.funnel, name="orientation-funnel"),
]
