"""The API of outreach (`/api/v1/`), part by part (api/visits.py, api/pal.py)."""

from professionalisation.outreach.api import visits

urlpatterns: list = [*visits.urlpatterns]
