"""The API of outreach (`/api/v1/`), part by part (api/visits.py, api/pal.py, api/orientation.py)."""

from django.urls import path

from professionalisation.outreach.api import orientation, pal, visits

urlpatterns: list = [
    *visits.urlpatterns,
    *pal.urlpatterns,
    path("orientation/funnel/", orientation.OrientationFunnelView.as_view(), name="orientation-funnel"),
]
