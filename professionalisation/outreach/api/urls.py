"""The API of outreach (`/api/v1/`), part by part (api/visits.py, api/pal.py)."""

from professionalisation.outreach.api import pal, visits

urlpatterns: list = [*visits.urlpatterns, *pal.urlpatterns]
