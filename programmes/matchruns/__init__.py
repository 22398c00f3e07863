"""Automatic matching runs: a whole assignment of trainees to offers for a period at once,
proposed by an assignment solver, reviewed (pin, forbid, accept, reject) and applied through
placements' own service."""
