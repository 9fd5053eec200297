from django.urls import path

from gonghui.registry.views import enterprises, persons

app_name = "registry"
urlpatterns = [
    path("persons/", persons.PersonListView.as_view(), name="person_list"),
    path("persons/export.csv", persons.PersonExportView.as_view(), name="person_export"),
    path("persons/new/", persons.PersonCreateView.as_view(), name="person_create"),
    path("persons/<int:pk>/", persons.PersonDetailView.as_view(), name="person_detail"),
    path("persons/<int:pk>/edit/", persons.PersonUpdateView.as_view(), name="person_update"),
    path("persons/<int:pk>/reveal/", persons.PersonRevealView.as_view(), name="person_reveal"),
    path("employers/", enterprises.EnterpriseListView.as_view(), name="enterprise_list"),
    path(
        "employers/export.csv",
        enterprises.EnterpriseExportView.as_view(),
        name="enterprise_export",
    ),
    path("employers/lookup/", enterprises.EnterpriseLookupView.as_view(), name="enterprise_lookup"),
    path("employers/new/", enterprises.EnterpriseCreateView.as_view(), name="enterprise_create"),
    path(
        "employers/<int:pk>/", enterprises.EnterpriseDetailView.as_view(), name="enterprise_detail"
    ),
    path(
        "employers/<int:pk>/edit/",
        enterprises.EnterpriseUpdateView.as_view(),
        name="enterprise_update",
    ),
]
