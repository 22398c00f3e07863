"""Storage for private files (applicants' documents): on the file system, with no URL at all."""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """A FileSystemStorage whose files have no URL: they are served only by views that check the
    permission and stream the file. (A plain FileSystemStorage falls back to MEDIA_URL.)"""

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checking view.")
