"""The models of outreach, part by part (visits.py: Meet the Professor; pal.py: PAL student
assistants; orientation.py: orientation on the teaching profession). professionalisation/models/__init__.py
gathers them for Django."""

from professionalisation.outreach.models.orientation import ORIENTATION_KINDS, OrientationMaterial

__all__ = ["ORIENTATION_KINDS", "OrientationMaterial"]
