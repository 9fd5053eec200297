"""The REST API under ``/api/v1/``; the OpenAPI schema is at ``/api/schema/``, docs at
``/api/docs/``.

Authentication:

- The browser uses its staff session (log in at ``/accounts/login/``); writes then need the
  CSRF token, as for any form.
- Other systems use a token. Make one for a staff user with::

      gonghui drf_create_token <username>           # prints the key
      gonghui drf_create_token -r <username>        # replaces a leaked key

  and send it in every request as ``Authorization: Token <key>``. A token acts with exactly
  the grants of its user, so give a system its own user with only the grants it needs.

Every endpoint lists and finds only what ``restrict(user, action)`` allows; a record outside
the user's scope answers 404. Lists are paginated (``page``, ``page_size`` up to 500) and take
``ordering``. Updates are partial (``PATCH``).
"""

from rest_framework.routers import DefaultRouter

from gonghui.assistance.api import (
    AidGrantViewSet,
    CampaignPaymentViewSet,
    CampaignQuotaViewSet,
    CampaignViewSet,
    DisbursementBatchViewSet,
    DisbursementLineViewSet,
    EligibilityRuleViewSet,
    EmploymentPlanViewSet,
    HardshipApplicationViewSet,
    HardshipFileViewSet,
)
from gonghui.background.api import BackgroundJobViewSet
from gonghui.casework.api import CaseViewSet
from gonghui.core.api.views import AuditLogViewSet, GrantViewSet, OrgUnitViewSet
from gonghui.employment.api import ROUTES as EMPLOYMENT_ROUTES
from gonghui.imports.api import DataImportViewSet, ImportSpecViewSet
from gonghui.indicators.api import IndicatorValueViewSet, IndicatorViewSet
from gonghui.membership.api import (
    DataAlertViewSet,
    JoinRequestViewSet,
    MembershipViewSet,
    TransferViewSet,
)
from gonghui.registry.api import EnterpriseViewSet, PersonViewSet
from gonghui.reports.api import ROUTES as REPORTS_ROUTES
from gonghui.rights.api import (
    ConsultationViewSet,
    LawyerViewSet,
    LegalAidViewSet,
    OutreachEventViewSet,
    WageArrearsViewSet,
    WorkerRequestViewSet,
)
from gonghui.rights.api_protection import ROUTES as RIGHTS_PROTECTION_ROUTES
from gonghui.stats.api import ROUTES as STATS_ROUTES

app_name = "api"

router = DefaultRouter()
router.register("units", OrgUnitViewSet, basename="unit")
router.register("grants", GrantViewSet, basename="grant")
router.register("persons", PersonViewSet, basename="person")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("audit-log", AuditLogViewSet, basename="auditlog")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("join-requests", JoinRequestViewSet, basename="joinrequest")
router.register("member-transfers", TransferViewSet, basename="membertransfer")
router.register("member-alerts", DataAlertViewSet, basename="memberalert")
router.register("imports", DataImportViewSet, basename="dataimport")
router.register("import-specs", ImportSpecViewSet, basename="importspec")
router.register("cases", CaseViewSet, basename="case")
router.register("hardship-files", HardshipFileViewSet, basename="hardshipfile")
router.register("aid-grants", AidGrantViewSet, basename="aidgrant")
router.register("eligibility-rules", EligibilityRuleViewSet, basename="eligibilityrule")
router.register("hardship-applications", HardshipApplicationViewSet, basename="hardshipapplication")
router.register("aid-campaigns", CampaignViewSet, basename="aidcampaign")
router.register("aid-campaign-quotas", CampaignQuotaViewSet, basename="aidcampaignquota")
router.register("aid-campaign-payments", CampaignPaymentViewSet, basename="aidcampaignpayment")
router.register("disbursement-batches", DisbursementBatchViewSet, basename="disbursementbatch")
router.register("disbursement-lines", DisbursementLineViewSet, basename="disbursementline")
router.register("hardship-employment-plans", EmploymentPlanViewSet, basename="employmentplan")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
router.register("background-jobs", BackgroundJobViewSet, basename="backgroundjob")
router.register("rights/requests", WorkerRequestViewSet, basename="rights-request")
router.register("rights/legal-aid", LegalAidViewSet, basename="rights-legal-aid")
router.register("rights/wage-arrears", WageArrearsViewSet, basename="rights-wage-arrears")
router.register("rights/lawyers", LawyerViewSet, basename="rights-lawyer")
router.register("rights/consultations", ConsultationViewSet, basename="rights-consultation")
router.register("rights/outreach-events", OutreachEventViewSet, basename="rights-outreach")
# Newer modules list their routes as (prefix, viewset, basename) in their api module.
for prefix, viewset, basename in (
    *RIGHTS_PROTECTION_ROUTES,  # mediation, bargaining, inspections
    *EMPLOYMENT_ROUTES,
    *STATS_ROUTES,
    *REPORTS_ROUTES,
):
    router.register(prefix, viewset, basename=basename)

urlpatterns = router.urls
