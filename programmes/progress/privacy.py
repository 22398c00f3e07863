"""Personal data of study progress: a trainee's results, study plan and planned modules, which
hang on the trainee's application: they go the way the application goes on erasure (see
programmes/intake/privacy.py; the rows cascade with it), and the export gives them to the trainee."""

from iclon.core.privacy import personal_data
from programmes.intake.privacy import WITH_APPLICATION

PERSONAL_DATA = [
    personal_data(
        "programmes.ModuleResult",
        fields=("grade", "outcome", "examiner", "recorded_by", "voided_by", "void_reason"),
        owner=("trainee__applicant",),
        export_fields=("module", "grade", "outcome", "date", "source", "created_at", "voided_at", "void_reason"),
        keep=WITH_APPLICATION,
    ),
    personal_data(
        "programmes.StudyPlan",
        fields=("pace", "adviser"),
        owner=("trainee__applicant",),
        export_fields=("pace", "created_at"),
        keep=WITH_APPLICATION,
    ),
    personal_data(
        "programmes.PlannedModule",
        fields=(),
        owner=("plan__trainee__applicant",),
        export_fields=("module", "academic_year", "semester"),
        keep=WITH_APPLICATION,
    ),
]
