from django.urls import path

from gonghui.reports import views

app_name = "reports"
urlpatterns = [
    path("annual/", views.AnnualReportView.as_view(), name="annual"),
    path("annual.docx", views.AnnualReportDocxView.as_view(), name="annual_docx"),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/new/", views.TemplateCreateView.as_view(), name="template_create"),
    path("templates/<int:pk>/edit/", views.TemplateUpdateView.as_view(), name="template_edit"),
    path(
        "templates/<int:pk>/sections/new/",
        views.SectionCreateView.as_view(),
        name="section_create",
    ),
    path("sections/<int:pk>/edit/", views.SectionUpdateView.as_view(), name="section_edit"),
    path("sections/<int:pk>/delete/", views.SectionDeleteView.as_view(), name="section_delete"),
    path(
        "sections/<int:pk>/sentences/new/",
        views.SentenceCreateView.as_view(),
        name="sentence_create",
    ),
    path("sentences/<int:pk>/edit/", views.SentenceUpdateView.as_view(), name="sentence_edit"),
    path("sentences/<int:pk>/delete/", views.SentenceDeleteView.as_view(), name="sentence_delete"),
]
