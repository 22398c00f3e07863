"""Who may do what with applications: the staff groups' permissions on intake's records.

The status of an application changes only through the services (programmes/intake/services/);
the predicates that decide a move live with the state machine there."""

# Intake's records that intake officers keep.
INTAKE_MODELS = (
    "application",
    "priordegree",
    "applicationdocument",
    "informationrequest",
    "internalnote",
    "checklistitem",
    "checklistcheck",
    "aptitudeassessment",
    "exemption",
    "admissioncondition",
)

GROUP_PERMISSIONS = {
    "programme_coordinator": [f"programmes.view_{model}" for model in (*INTAKE_MODELS, "applicationtransition")]
    + [f"programmes.{action}_checklistitem" for action in ("add", "change", "delete")],
    "intake_officer": [
        f"programmes.{action}_{model}" for action in ("view", "add", "change") for model in INTAKE_MODELS
    ]
    + ["programmes.view_applicationtransition", "programmes.review_application", "programmes.decide_application"],
}
