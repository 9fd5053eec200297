from django.urls import path

from gonghui.rights import views

app_name = "rights"
urlpatterns = [
    path("", views.RightsHomeView.as_view(), name="home"),
    path("requests/new/", views.RequestRecordView.as_view(), name="request_record"),
    path("requests/<int:pk>/rating/", views.RequestRateView.as_view(), name="request_rate"),
    path("legal-aid/new/", views.LegalAidOpenView.as_view(), name="legal_aid_open"),
    path("legal-aid/<int:pk>/edit/", views.LegalAidUpdateView.as_view(), name="legal_aid_update"),
    path("wage-arrears/new/", views.WageArrearsOpenView.as_view(), name="wage_arrears_open"),
    path(
        "wage-arrears/<int:pk>/edit/",
        views.WageArrearsUpdateView.as_view(),
        name="wage_arrears_update",
    ),
    path("lawyers/", views.LawyerListView.as_view(), name="lawyer_list"),
    path("lawyers/export.csv", views.LawyerExportView.as_view(), name="lawyer_export"),
    path("lawyers/new/", views.LawyerCreateView.as_view(), name="lawyer_create"),
    path("lawyers/<int:pk>/edit/", views.LawyerUpdateView.as_view(), name="lawyer_update"),
    path("consultations/", views.ConsultationListView.as_view(), name="consultation_list"),
    path(
        "consultations/export.csv",
        views.ConsultationExportView.as_view(),
        name="consultation_export",
    ),
    path("consultations/new/", views.ConsultationCreateView.as_view(), name="consultation_create"),
    path("outreach/", views.OutreachListView.as_view(), name="outreach_list"),
    path("outreach/export.csv", views.OutreachExportView.as_view(), name="outreach_export"),
    path("outreach/new/", views.OutreachCreateView.as_view(), name="outreach_create"),
]
