"""Attendance and completion: who was at which meeting, whether a registration met its activity's
completion rule, the certificate it earned and the participant's evaluation of the activity."""
