from django.urls import path

from gonghui.membership.views import alerts, members, requests, roster, transfers, units

app_name = "membership"
urlpatterns = [
    path("", requests.JoinRequestListView.as_view(), name="request_list"),
    path(
        "requests/approve/",
        requests.JoinRequestBatchApproveView.as_view(),
        name="request_batch_approve",
    ),
    path("requests/<int:pk>/", requests.JoinRequestDetailView.as_view(), name="request_detail"),
    path(
        "requests/<int:pk>/approve/",
        requests.JoinRequestApproveView.as_view(),
        name="request_approve",
    ),
    path(
        "requests/<int:pk>/reject/", requests.JoinRequestRejectView.as_view(), name="request_reject"
    ),
    path("members/", members.MembershipListView.as_view(), name="member_list"),
    path("members/<int:pk>/", members.MembershipDetailView.as_view(), name="member_detail"),
    path("members/<int:pk>/end/", members.MembershipEndView.as_view(), name="member_end"),
    path("members/export.xlsx", roster.RosterExportView.as_view(), name="member_export"),
    path(
        "members/<int:pk>/transfer/",
        transfers.TransferStartView.as_view(),
        name="member_transfer",
    ),
    path(
        "requests/<int:pk>/transfer/",
        transfers.TransferFromRequestView.as_view(),
        name="request_transfer",
    ),
    path("transfers/", transfers.TransferListView.as_view(), name="transfer_list"),
    path(
        "transfers/<int:pk>/<str:step>/",
        transfers.TransferDecideView.as_view(),
        name="transfer_decide",
    ),
    path("alerts/", alerts.AlertListView.as_view(), name="alert_list"),
    path("alerts/<int:pk>/close/", alerts.AlertCloseView.as_view(), name="alert_close"),
    path("unfounded/", roster.UnfoundedView.as_view(), name="unfounded"),
    path("units/", units.MemberUnitListView.as_view(), name="unit_list"),
    path("units/<int:pk>/", units.UnitSettingsView.as_view(), name="unit_settings"),
    path("units/<int:pk>/enable/", units.UnitEnableView.as_view(), name="unit_enable"),
    path("units/<int:pk>/regenerate/", units.UnitRegenerateView.as_view(), name="unit_regenerate"),
    path(
        "units/<int:pk>/join-code.png",
        units.JoinCodeImageView.as_view(),
        {"kind": "png"},
        name="unit_join_code_png",
    ),
    path(
        "units/<int:pk>/join-code.svg",
        units.JoinCodeImageView.as_view(),
        {"kind": "svg"},
        name="unit_join_code_svg",
    ),
    path("units/<int:pk>/poster/", units.JoinPosterView.as_view(), name="unit_poster"),
]
