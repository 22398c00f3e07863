"""Placements (the third slice of programmes, built on the catalogue and intake): periods, offers,
matching, the school's answer, evaluations and wishes; the partner-school portal, the trainee's
pages and the coordinators' matching page. Rules live in services.py and permissions.py; what it
does when intake announces an event is in receivers.py."""
