"""The knowledge base of research: the twelve teaching-learning principles of ICLON's strategic
plan 2023-2028 (reference data, loaded by a migration from principles.py), and their public pages.
Every other slice of research, and the other apps, tag what they do with them; a principle's page
gathers it through the slice hooks of sections.py, knowing none of those slices."""
