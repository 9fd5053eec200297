"""Employment services (就业服务): models split by sub-domain."""

from gonghui.employment.models.fairs import (
    FairParticipant,
    FairRegistration,
    InterviewIntent,
    JobFair,
)
from gonghui.employment.models.outcomes import FollowUp, LabourExportBatch, LoanSubsidy, Placement
from gonghui.employment.models.postings import JobPosting, JobSeeker, Occupation, Recommendation
from gonghui.employment.models.training import (
    Enrolment,
    SessionAttendance,
    Training,
    TrainingSession,
)

__all__ = [
    "Enrolment",
    "FairParticipant",
    "FairRegistration",
    "FollowUp",
    "InterviewIntent",
    "JobFair",
    "JobPosting",
    "JobSeeker",
    "LabourExportBatch",
    "LoanSubsidy",
    "Occupation",
    "Placement",
    "Recommendation",
    "SessionAttendance",
    "Training",
    "TrainingSession",
]
