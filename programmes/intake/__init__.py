"""The web edge of intake: the applicant's pages (views.py, forms.py), decision letters
(letters.py) and the applicant's data export (privacy.py). Rules live in programmes/intake/services/."""
