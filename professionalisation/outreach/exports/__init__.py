"""The files that outreach exports, part by part (exports/pal.py: the PAL payroll export)."""
