"""Regional supply and demand of teachers: per education region and school subject, the trainees in
teacher education, the placements and places offered, and the subject's shortage status there."""
