"""Personal data of the certificates of conduct: the trainee's certificates (dates, checks and the
document itself). Erasure deletes them with their files; the export gives the rows and the files."""

from iclon.core.privacy import personal_data
from programmes.vog.models import VogCertificate


def _files(user):
    return [
        (f"programmes/vog/{certificate.pk}-{certificate.original_name.replace('/', '_')}", certificate.file)
        for certificate in VogCertificate.objects.filter(trainee__applicant=user).order_by("pk")
        if certificate.file
    ]


PERSONAL_DATA = [
    personal_data(
        "programmes.VogCertificate",
        fields=("trainee", "issued_on", "file", "original_name", "rejection_reason", "checked_by"),
        owner=("trainee__applicant",),
        export_fields=("issued_on", "status", "rejection_reason", "checked_at", "original_name", "created_at"),
        files=_files,
        erase="delete",
    ),
]
