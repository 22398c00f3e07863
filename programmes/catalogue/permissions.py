"""Who may do what with the catalogue of routes into teaching.

The catalogue is public reading; staff change it in the admin with their group's permissions."""

# Programme coordinators keep the catalogue; intake officers read it (the admin's autocompletes).
_CATALOGUE_MODELS = (
    "schoolsubject",
    "qualification",
    "programme",
    "pathway",
    "prioreducationrule",
    "startmoment",
    "module",
    "degreefield",
    "deficiencycourse",
    "degreerelatedness",
)

GROUP_PERMISSIONS = {
    "programme_coordinator": [
        f"programmes.{action}_{model}" for action in ("view", "add", "change", "delete") for model in _CATALOGUE_MODELS
    ],
    "intake_officer": [
        f"programmes.view_{model}"
        for model in (
            "schoolsubject",
            "qualification",
            "programme",
            "pathway",
            "degreefield",
            "degreerelatedness",
            "module",
            "deficiencycourse",
            "startmoment",
        )
    ],
    "placement_coordinator": ["programmes.view_schoolsubject", "programmes.view_pathway"],
}
