from django.urls import include, path

from gonghui.employment.views import fairs, home, outcomes, postings, seekers, training

app_name = "employment"
urlpatterns = [
    path("", home.EmploymentHomeView.as_view(), name="home"),
    path("matching/", include("gonghui.employment.matching.urls")),
    path("postings/", postings.PostingListView.as_view(), name="posting_list"),
    path("postings/export.csv", postings.PostingExportView.as_view(), name="posting_export"),
    path("postings/review/", postings.ReviewQueueView.as_view(), name="review_queue"),
    path("postings/new/", postings.PostingCreateView.as_view(), name="posting_create"),
    path("postings/<int:pk>/", postings.PostingDetailView.as_view(), name="posting_detail"),
    path("postings/<int:pk>/edit/", postings.PostingUpdateView.as_view(), name="posting_update"),
    path("postings/<int:pk>/review/", postings.PostingReviewView.as_view(), name="posting_review"),
    path("postings/<int:pk>/submit/", postings.PostingSubmitView.as_view(), name="posting_submit"),
    path("postings/<int:pk>/close/", postings.PostingCloseView.as_view(), name="posting_close"),
    path("seekers/", seekers.SeekerListView.as_view(), name="seeker_list"),
    path("seekers/export.csv", seekers.SeekerExportView.as_view(), name="seeker_export"),
    path("seekers/new/", seekers.SeekerCreateView.as_view(), name="seeker_create"),
    path("seekers/<int:pk>/", seekers.SeekerDetailView.as_view(), name="seeker_detail"),
    path("seekers/<int:pk>/edit/", seekers.SeekerUpdateView.as_view(), name="seeker_update"),
    path("fairs/", fairs.FairListView.as_view(), name="fair_list"),
    path("fairs/new/", fairs.FairCreateView.as_view(), name="fair_create"),
    path("fairs/<int:pk>/", fairs.FairDetailView.as_view(), name="fair_detail"),
    path(
        "fairs/<int:pk>/employers/new/",
        fairs.ParticipantAddView.as_view(),
        name="fair_participant_add",
    ),
    path(
        "fairs/<int:pk>/registrations/new/",
        fairs.RegistrationAddView.as_view(),
        name="fair_register",
    ),
    path("fairs/<int:pk>/check-in/", fairs.CheckInView.as_view(), name="fair_check_in"),
    path("intents/", fairs.IntentListView.as_view(), name="intent_list"),
    path("intents/new/", fairs.IntentCreateView.as_view(), name="intent_create"),
    path("intents/<int:pk>/outcome/", fairs.IntentOutcomeView.as_view(), name="intent_outcome"),
    path("trainings/", training.TrainingListView.as_view(), name="training_list"),
    path("trainings/new/", training.TrainingCreateView.as_view(), name="training_create"),
    path("trainings/<int:pk>/", training.TrainingDetailView.as_view(), name="training_detail"),
    path("trainings/<int:pk>/enrol/", training.EnrolView.as_view(), name="training_enrol"),
    path("trainings/<int:pk>/sessions/new/", training.SessionAddView.as_view(), name="session_add"),
    path(
        "sessions/<int:pk>/attendance/",
        training.AttendanceView.as_view(),
        name="session_attendance",
    ),
    path(
        "enrolments/<int:pk>/<str:action>/",
        training.EnrolmentActionView.as_view(),
        name="enrolment_action",
    ),
    path("placements/", outcomes.PlacementListView.as_view(), name="placement_list"),
    path("placements/export.csv", outcomes.PlacementExportView.as_view(), name="placement_export"),
    path("placements/new/", outcomes.PlacementCreateView.as_view(), name="placement_create"),
    path("placements/<int:pk>/", outcomes.PlacementDetailView.as_view(), name="placement_detail"),
    path("follow-ups/", outcomes.FollowUpListView.as_view(), name="follow_up_list"),
    path("follow-ups/<int:pk>/", outcomes.FollowUpRecordView.as_view(), name="follow_up_record"),
    path("labour-export/", outcomes.LabourExportListView.as_view(), name="labour_export_list"),
    path(
        "labour-export/new/", outcomes.LabourExportCreateView.as_view(), name="labour_export_create"
    ),
    path("loans/", outcomes.LoanListView.as_view(), name="loan_list"),
    path("loans/new/", outcomes.LoanCreateView.as_view(), name="loan_create"),
]
