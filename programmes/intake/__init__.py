"""Intake (the second slice of programmes, built on the catalogue): applications and their state
machine (services/), the applicant's pages, decision letters, the data export and anonymisation,
the intake admin and dashboard. It never imports placements: what placements must do when an
application changes is announced through hooks.py."""
