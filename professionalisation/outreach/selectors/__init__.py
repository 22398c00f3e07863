"""The reads of outreach, part by part: selectors/visits.py, selectors/pal.py, selectors/orientation.py."""
