"""The teacher support desk (JOOST): questions of ICLON's teacher educators, answered in one place."""
