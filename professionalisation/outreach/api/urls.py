"""The API of outreach (`/api/v1/`), part by part (api/visits.py, api/pal.py, api/orientation.py)."""

from django.urls import path

from professionalisation.outreach.api import orientation, pal, visits

urlpatterns: list = [
    *visits.urlpatterns,
    path("visit-figures/", visits.VisitFiguresView.as_view(), name="visit-figures"),
    *pal.urlpatterns,
    path("orientation/funnel/", orientation.OrientationFunnelView.as_view(), name="orientation-funnel"),
]
