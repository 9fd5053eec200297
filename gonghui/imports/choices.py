from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    """Where an import stands: uploaded and waiting for its mapping, then a background job."""

    UPLOADED = "uploaded", _("Uploaded, mapping to confirm")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = frozenset({ImportStatus.QUEUED, ImportStatus.RUNNING})
RESUMABLE_STATUSES = frozenset({ImportStatus.FAILED, ImportStatus.CANCELLED})
