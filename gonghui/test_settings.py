"""Settings for the test suite: fixed keys, a fast password hasher."""

import os

os.environ.setdefault("GONGHUI_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("GONGHUI_FIELD_KEY", "dGVzdC1maWVsZC1rZXktdGhpcnR5LXR3by1ieXRlcyE=")

from gonghui.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
INSTALLED_APPS = [*INSTALLED_APPS, "gonghui.casework.tests.sample_kind"]  # noqa: F405
