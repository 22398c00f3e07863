"""The yearly cycle of teacher education: rolling a year's start moments and placement periods over
to the next academic year (admin: programmes/cycle/admin.py)."""
