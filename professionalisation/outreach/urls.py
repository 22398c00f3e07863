"""The pages of outreach, part by part (views/visits.py, views/pal.py)."""

urlpatterns: list = []
