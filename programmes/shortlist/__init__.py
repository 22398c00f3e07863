"""The candidate's shortlist: routes into teaching saved to come back to, and the route finder's
answer e-mailed to oneself. Built on the catalogue (programmes/catalogue/) alone."""
