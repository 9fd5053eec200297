from django.db import models
from django.utils.translation import gettext_lazy as _


class FilingLevel(models.TextChoices):
    """The level at which a hardship file is kept (建档级别)."""

    NATIONAL = "national", _("National level")
    PROVINCE = "province", _("Provincial level")
    CITY = "city", _("City level")
    COUNTY = "county", _("County level")
    GRASSROOTS = "grassroots", _("Grassroots level")


class FileStatus(models.TextChoices):
    """Where a household's hardship file stands (在档, 脱困, 退档)."""

    PENDING = "pending", _("Under application")
    ON_FILE = "on_file", _("On file")
    LIFTED_OUT = "lifted_out", _("Lifted out of hardship")
    REMOVED = "removed", _("Removed from file")
    REFUSED = "refused", _("Application refused")


# A household has at most one file in these states (一户一档).
ACTIVE_FILE_STATES: tuple[str, ...] = (FileStatus.PENDING.value, FileStatus.ON_FILE.value)


class HardshipCause(models.TextChoices):
    """The main cause of a household's hardship (致困原因)."""

    ILLNESS = "illness", _("Illness")
    DISABILITY = "disability", _("Disability")
    EDUCATION = "education", _("Children in school")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    ACCIDENT = "accident", _("Accident or disaster")
    SINGLE_PARENT = "single_parent", _("Single parent")
    LOW_INCOME = "low_income", _("Low income")
    OTHER = "other", _("Other cause")


class Situation(models.TextChoices):
    """A household member's situation (家庭成员状况)."""

    ILLNESS = "illness", _("Serious illness")
    DISABILITY = "disability", _("Disability")
    IN_SCHOOL = "in_school", _("In school")
    UNEMPLOYED = "unemployed", _("Unemployed")
    ACCIDENT = "accident", _("Injured in an accident")
    SINGLE_PARENT = "single_parent", _("Single parent")


class Relationship(models.TextChoices):
    """A member's relationship to the worker (与职工关系)."""

    SELF = "self", _("The worker")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other relative")


class Exclusion(models.TextChoices):
    """Circumstances that exclude a household from filing (不予建档情形)."""

    OWNS_VEHICLE = "owns_vehicle", _("Owns a non-working motor vehicle")
    MULTIPLE_HOMES = "multiple_homes", _("Owns more than one home")
    PUBLIC_SERVANT = "public_servant", _("A member is a civil servant")
    BUSINESS_OWNER = "business_owner", _("Runs a business")
    HIGH_SAVINGS = "high_savings", _("Large savings or investments")


class AidKind(models.TextChoices):
    """Kinds of aid (帮扶救助类别)."""

    LIVING = "living", _("Living aid")
    EDUCATION = "education", _("Education aid")
    MEDICAL = "medical", _("Medical aid")
    CRITICAL_ILLNESS = "critical_illness", _("Critical illness aid")


class SchoolStage(models.TextChoices):
    """A child's school stage, for education aid (就学阶段)."""

    PRESCHOOL = "preschool", _("Preschool")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary school")
    SENIOR = "senior", _("Senior secondary school")
    VOCATIONAL = "vocational", _("Vocational school")
    COLLEGE = "college", _("College or university")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


class ApplicationStage(models.TextChoices):
    """The steps of a hardship application (申请, 初审, 入户核查, 收入核对, 公示, 审批)."""

    APPLIED = "applied", _("Applied")
    VISITED = "visited", _("Home visit done")
    CHECKED = "checked", _("Income checked")
    NOTICE = "notice", _("Under public notice")
    APPROVED = "approved", _("Approved and filed")
    REFUSED = "refused", _("Refused")


class ReviewDecision(models.TextChoices):
    """The outcome of an annual review (年审结论)."""

    KEEP = "keep", _("Remains on file")
    LIFTED_OUT = "lifted_out", _("Lifted out of hardship")
    REMOVED = "removed", _("Removed from file")


class CampaignKind(models.TextChoices):
    """Kinds of assistance campaigns (帮扶活动)."""

    WINTER_WARMTH = "winter_warmth", _("Winter warmth (two festivals)")
    AUTUMN_EDUCATION = "autumn_education", _("Autumn education aid")
    OTHER = "other", _("Other campaign")


class StandardBasis(models.TextChoices):
    """What a campaign's standard amount is paid for."""

    HOUSEHOLD = "household", _("Per household")
    STUDENT = "student", _("Per student")


class LineStatus(models.TextChoices):
    """Where a line of a disbursement batch stands (发放状态)."""

    PENDING = "pending", _("Awaiting the bank")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")


# A grant or campaign payment has at most one line in these states: never paid twice.
LIVE_LINE_STATES: tuple[str, ...] = (LineStatus.PENDING.value, LineStatus.PAID.value)


class PlanStatus(models.TextChoices):
    """Where a graduate's employment plan (一人一策) stands."""

    OPEN = "open", _("In progress")
    EMPLOYED = "employed", _("Employed")
    CLOSED = "closed", _("Closed")
