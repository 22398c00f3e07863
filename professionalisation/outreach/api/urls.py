"""The API of outreach (`/api/v1/`), part by part (api/visits.py, api/pal.py)."""

urlpatterns: list = []
