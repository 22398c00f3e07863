"""Every write of outreach, part by part: services/visits.py (Meet the Professor), services/pal.py
(PAL student assistants). Import the part's module: `from professionalisation.outreach.services
import visits`."""
