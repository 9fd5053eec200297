from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("gonghui.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("portal/rights/", include("gonghui.rights.portal_urls")),
    path("portal/assistance/", include("gonghui.assistance.portal_urls")),
    path("portal/employment/", include("gonghui.employment.portal_urls")),
    path("portal/", include("gonghui.portal.urls")),
    path("registry/", include("gonghui.registry.urls")),
    path("membership/", include("gonghui.membership.urls")),
    path("cases/", include("gonghui.casework.urls")),
    path("assistance/", include("gonghui.assistance.urls")),
    path("rights/", include("gonghui.rights.urls")),
    path("employment/", include("gonghui.employment.urls")),
    path("stats/", include("gonghui.stats.urls")),
    path("reports/", include("gonghui.reports.urls")),
    path("imports/", include("gonghui.imports.urls")),
    path("background-jobs/", include("gonghui.background.urls")),
    path("indicators/", include("gonghui.indicators.urls")),
    path("", include("gonghui.core.urls")),
]
