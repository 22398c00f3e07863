"""The web edge of placements: the partner-school portal, the trainee's placement pages and the
coordinators' matching page. Rules live in programmes/placements/services.py."""
