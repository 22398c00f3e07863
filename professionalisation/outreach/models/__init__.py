"""The models of outreach, part by part (visits.py: Meet the Professor; pal.py: PAL student
assistants). professionalisation/models/__init__.py gathers them for Django."""
