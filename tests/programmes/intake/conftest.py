import pytest
from django.utils.functional import empty

from programmes.intake import models as intake_models


@pytest.fixture
def private_storage(tmp_path, settings):
    """Documents go to a temporary folder (the `applications` storage), never the project's; and
    passwords are hashed cheaply (every factory user gets one). Yields the storage."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "applications": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents"), "base_url": None},
        },
    }
    intake_models._application_storage._wrapped = empty  # resolve the storage again
    yield intake_models.application_storage()
    intake_models._application_storage._wrapped = empty
