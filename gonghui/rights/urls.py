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

# Part B: mediation, bargaining, inspections and the safety competition.
from gonghui.rights import views_bargaining as vb  # noqa: E402
from gonghui.rights import views_mediation as vm  # noqa: E402
from gonghui.rights import views_safety as vs  # noqa: E402

urlpatterns += [
    path("mediation/bodies/", vm.MediationBodyListView.as_view(), name="mediation_body_list"),
    path(
        "mediation/bodies/export.csv",
        vm.MediationBodyExportView.as_view(),
        name="mediation_body_export",
    ),
    path(
        "mediation/bodies/new/", vm.MediationBodyCreateView.as_view(), name="mediation_body_create"
    ),
    path(
        "mediation/bodies/<int:pk>/",
        vm.MediationBodyDetailView.as_view(),
        name="mediation_body_detail",
    ),
    path(
        "mediation/bodies/<int:pk>/edit/",
        vm.MediationBodyUpdateView.as_view(),
        name="mediation_body_update",
    ),
    path(
        "mediation/bodies/<int:pk>/mediators/new/",
        vm.MediatorCreateView.as_view(),
        name="mediator_create",
    ),
    path(
        "mediation/mediators/<int:pk>/edit/",
        vm.MediatorUpdateView.as_view(),
        name="mediator_update",
    ),
    path("mediation/", vm.MediationCaseListView.as_view(), name="mediation_list"),
    path("mediation/export.csv", vm.MediationCaseExportView.as_view(), name="mediation_export"),
    path("mediation/new/", vm.MediationCaseCreateView.as_view(), name="mediation_create"),
    path("mediation/<int:pk>/", vm.MediationCaseDetailView.as_view(), name="mediation_detail"),
    path("mediation/<int:pk>/edit/", vm.MediationCaseUpdateView.as_view(), name="mediation_update"),
    path(
        "mediation/<int:pk>/sessions/new/",
        vm.MediationSessionAddView.as_view(),
        name="mediation_session_add",
    ),
    path(
        "mediation/<int:pk>/outcome/", vm.MediationConcludeView.as_view(), name="mediation_conclude"
    ),
    path("mediation/<int:pk>/reopen/", vm.MediationReopenView.as_view(), name="mediation_reopen"),
    path("bargaining/offers/", vb.OfferListView.as_view(), name="offer_list"),
    path("bargaining/offers/export.csv", vb.OfferExportView.as_view(), name="offer_export"),
    path("bargaining/offers/new/", vb.OfferCreateView.as_view(), name="offer_create"),
    path("bargaining/offers/<int:pk>/", vb.OfferDetailView.as_view(), name="offer_detail"),
    path("bargaining/offers/<int:pk>/edit/", vb.OfferUpdateView.as_view(), name="offer_update"),
    path("bargaining/offers/<int:pk>/answer/", vb.OfferAnswerView.as_view(), name="offer_answer"),
    path("bargaining/offers/<int:pk>/reopen/", vb.OfferReopenView.as_view(), name="offer_reopen"),
    path("bargaining/contracts/", vb.ContractListView.as_view(), name="contract_list"),
    path(
        "bargaining/contracts/export.csv", vb.ContractExportView.as_view(), name="contract_export"
    ),
    path(
        "bargaining/contracts/expiring/",
        vb.ContractExpiringView.as_view(),
        name="contract_expiring",
    ),
    path("bargaining/contracts/new/", vb.ContractCreateView.as_view(), name="contract_create"),
    path("bargaining/contracts/<int:pk>/", vb.ContractDetailView.as_view(), name="contract_detail"),
    path(
        "bargaining/contracts/<int:pk>/edit/",
        vb.ContractUpdateView.as_view(),
        name="contract_update",
    ),
    path(
        "bargaining/contracts/<int:pk>/enterprises/new/",
        vb.ContractEnterpriseAddView.as_view(),
        name="contract_enterprise_add",
    ),
    path(
        "bargaining/contracts/<int:pk>/enterprises/<int:enterprise_pk>/remove/",
        vb.ContractEnterpriseRemoveView.as_view(),
        name="contract_enterprise_remove",
    ),
    path("inspections/", vs.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/export.csv", vs.InspectionExportView.as_view(), name="inspection_export"),
    path("inspections/new/", vs.InspectionCreateView.as_view(), name="inspection_create"),
    path("inspections/<int:pk>/", vs.InspectionDetailView.as_view(), name="inspection_detail"),
    path("inspections/<int:pk>/edit/", vs.InspectionUpdateView.as_view(), name="inspection_update"),
    path("inspections/<int:pk>/hazards/new/", vs.HazardAddView.as_view(), name="hazard_add"),
    path("hazards/", vs.HazardListView.as_view(), name="hazard_list"),
    path("hazards/export.csv", vs.HazardExportView.as_view(), name="hazard_export"),
    path("hazards/<int:pk>/", vs.HazardDetailView.as_view(), name="hazard_detail"),
    path("hazards/<int:pk>/edit/", vs.HazardUpdateView.as_view(), name="hazard_update"),
    path("hazards/<int:pk>/rectify/", vs.HazardRectifyView.as_view(), name="hazard_rectify"),
    path("hazards/<int:pk>/verify/", vs.HazardVerifyView.as_view(), name="hazard_verify"),
    path("hazards/<int:pk>/reopen/", vs.HazardReopenView.as_view(), name="hazard_reopen"),
    path("hazards/<int:pk>/photos/new/", vs.HazardPhotoAddView.as_view(), name="hazard_photo_add"),
    path(
        "hazards/photos/<int:pk>/",
        vs.HazardPhotoDownloadView.as_view(),
        name="hazard_photo_download",
    ),
    path("safety-competition/", vs.SafetyEntryListView.as_view(), name="safety_entry_list"),
    path(
        "safety-competition/export.csv",
        vs.SafetyEntryExportView.as_view(),
        name="safety_entry_export",
    ),
    path("safety-competition/new/", vs.SafetyEntryCreateView.as_view(), name="safety_entry_create"),
    path(
        "safety-competition/<int:pk>/edit/",
        vs.SafetyEntryUpdateView.as_view(),
        name="safety_entry_update",
    ),
]
