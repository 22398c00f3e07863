"""The pages' forms of outreach, part by part (forms/pal.py)."""
