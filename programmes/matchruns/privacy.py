"""Personal data of matching runs: a proposal is about a trainee (its reasons may name the town
they live in) and goes when the trainee's data is erased; runs and constraints name staff only as
references to their accounts."""

from iclon.core.privacy import personal_data

PERSONAL_DATA = [
    personal_data(
        "programmes.MatchingRun",
        fields=("created_by", "applied_by"),
        keep="The record of a matching run; staff appear only as references to their accounts.",
    ),
    personal_data(
        "programmes.MatchingProposal",
        fields=("trainee", "reasons"),
        owner=("trainee__applicant",),
        export_fields=("run", "offer", "score", "reasons", "decision", "placement"),
        erase="delete",
    ),
    personal_data(
        "programmes.MatchingConstraint",
        fields=("trainee", "created_by"),
        owner=("trainee__applicant",),
        export_fields=("run", "offer", "kind", "created_at"),
        erase="delete",
    ),
]
