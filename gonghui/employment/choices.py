from django.db import models
from django.utils.translation import gettext_lazy as _


class OccupationLevel(models.TextChoices):
    """Levels of the national occupational classification (国家职业分类大典)."""

    MAJOR = "major", _("Major category")
    MEDIUM = "medium", _("Medium category")
    SMALL = "small", _("Small category")


class EducationLevel(models.IntegerChoices):
    """Education (学历) in order, so "at least" is a comparison."""

    NONE = 0, _("No requirement")
    PRIMARY = 1, _("Primary school")
    JUNIOR_HIGH = 2, _("Junior high school")
    SENIOR = 3, _("Senior high, technical or vocational school")
    COLLEGE = 4, _("Junior college")
    BACHELOR = 5, _("Bachelor's degree")
    MASTER = 6, _("Master's degree or above")


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Returned for changes")
    CLOSED = "closed", _("Closed to applicants")


class FlagReason(models.TextChoices):
    """Requirements the law forbids in a job posting (就业歧视)."""

    GENDER = "gender", _("Gender")
    ETHNICITY = "ethnicity", _("Ethnicity")
    MARITAL_STATUS = "marital_status", _("Marital or childbearing status")
    HUKOU = "hukou", _("Household registration")


class FairMode(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("On site")


class IntentOutcome(models.TextChoices):
    INTENT = "intent", _("Intent reached")
    HIRED = "hired", _("Hired")
    NO = "no", _("No agreement")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped out")


class PlacementSource(models.TextChoices):
    FAIR = "fair", _("Job fair")
    MATCHING = "matching", _("Matching")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


# Follow-up visits (回访) after a placement starts, in months.
FOLLOW_UP_MONTHS: tuple[int, ...] = (1, 3, 6)
