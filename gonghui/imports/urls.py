from django.urls import path

from gonghui.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.ImportListView.as_view(), name="list"),
    path("new/", views.ImportCreateView.as_view(), name="create"),
    path("templates/<str:spec>.xlsx", views.TemplateDownloadView.as_view(), name="template"),
    path("<int:pk>/", views.ImportDetailView.as_view(), name="detail"),
    path("<int:pk>/status/", views.ImportStatusView.as_view(), name="status"),
    path("<int:pk>/mapping/", views.ImportMappingView.as_view(), name="mapping"),
    path("<int:pk>/resume/", views.ImportResumeView.as_view(), name="resume"),
    path("<int:pk>/errors.xlsx", views.ErrorWorkbookView.as_view(), name="errors"),
]
