from django.db import models

from gonghui.casework.models import Case


class SampleCategory(models.TextChoices):
    WAGES = "wages", "Wages"
    SAFETY = "safety", "Safety"
    OTHER = "other", "Other"


class SampleRequest(models.Model):
    """The detail of the sample kind: what a rights module's request would add."""

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="sample_request"
    )
    category = models.CharField(
        "category", max_length=16, choices=SampleCategory.choices, default=SampleCategory.OTHER
    )
    urgent = models.BooleanField("urgent", default=False)
    amount = models.DecimalField("amount", max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "sample request"

    def __str__(self) -> str:
        return f"{self.category} {self.case_id}"
