"""The catalogue of routes into teaching (the first slice of programmes): subjects, qualifications,
programmes, pathways and their admission rules, the relatedness grid, the route finder and the
cached public pages. It knows neither intake nor placements."""
