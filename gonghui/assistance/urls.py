from django.urls import path

from gonghui.assistance.views import applications, files, rules

app_name = "assistance"
urlpatterns = [
    path("", files.FileListView.as_view(), name="file_list"),
    path("files/export.csv", files.FileExportView.as_view(), name="file_export"),
    path("files/new/", files.FileOpenView.as_view(), name="file_open"),
    path("files/<int:pk>/", files.FileDetailView.as_view(), name="file_detail"),
    path("files/<int:pk>/members/new/", files.MemberAddView.as_view(), name="member_add"),
    path("members/<int:pk>/remove/", files.MemberRemoveView.as_view(), name="member_remove"),
    path("files/<int:pk>/aid/new/", files.AidGrantCreateView.as_view(), name="aid_create"),
    path("files/<int:pk>/reviews/new/", files.ReviewCreateView.as_view(), name="review_create"),
    path("reviews/due/", files.ReviewsDueView.as_view(), name="reviews_due"),
    path("rules/", rules.RuleListView.as_view(), name="rule_list"),
    path("rules/new/", rules.RuleCreateView.as_view(), name="rule_create"),
    path("rules/<int:pk>/", rules.RuleDetailView.as_view(), name="rule_detail"),
    path("rules/<int:pk>/revise/", rules.RuleReviseView.as_view(), name="rule_revise"),
    path("applications/new/", applications.StaffApplicationView.as_view(), name="application_new"),
    path("applications/<int:pk>/", applications.ApplicationView.as_view(), name="application"),
    path("applications/<int:pk>/visit/", applications.VisitView.as_view(), name="visit"),
    path("applications/<int:pk>/check/", applications.IncomeCheckView.as_view(), name="check"),
    path("applications/<int:pk>/notice/", applications.NoticeView.as_view(), name="notice"),
    path(
        "applications/<int:pk>/objections/", applications.ObjectionView.as_view(), name="objection"
    ),
    path(
        "applications/<int:pk>/objections/<int:objection_pk>/handle/",
        applications.ObjectionHandleView.as_view(),
        name="objection_handle",
    ),
    path("applications/<int:pk>/approve/", applications.ApproveView.as_view(), name="approve"),
    path("applications/<int:pk>/refuse/", applications.RefuseView.as_view(), name="refuse"),
]
