"""Intake's services, one module per concept: applications (the state machine and the staff's work
on an application), documents (upload checks), privacy (the data export and anonymisation)."""
