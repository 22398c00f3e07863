"""The receivers of outreach, part by part (receivers/orientation.py: the catalogue's hook), called
once from the app's ready() (iclon/core/slices.py)."""

from professionalisation.outreach.receivers import orientation


def connect() -> None:
    orientation.connect()
