from django.db import models
from django.utils.translation import gettext_lazy as _

REQUEST_KIND = "rights.request"
LEGAL_AID_KIND = "rights.legal_aid"
WAGE_ARREARS_KIND = "rights.wage_arrears"


class LegalAidStage(models.TextChoices):
    """Where a legal-aid dispute stands (办理阶段)."""

    CONSULTATION = "consultation", _("Consultation")
    NEGOTIATION = "negotiation", _("Negotiation")
    MEDIATION = "mediation", _("Mediation")
    ARBITRATION = "arbitration", _("Arbitration")
    FIRST_INSTANCE = "first_instance", _("First instance")
    SECOND_INSTANCE = "second_instance", _("Second instance")
    ENFORCEMENT = "enforcement", _("Enforcement")


# Before arbitration is applied for, the one-year limitation (仲裁时效) still runs.
PRE_ARBITRATION_STAGES = frozenset(
    {LegalAidStage.CONSULTATION, LegalAidStage.NEGOTIATION, LegalAidStage.MEDIATION}
)


class LegalAidOutcome(models.TextChoices):
    """How a legal-aid case ended (办理结果)."""

    PENDING = "", _("Not yet concluded")
    SETTLED = "settled", _("Settled by agreement")
    MEDIATED = "mediated", _("Mediation agreement")
    AWARD_WON = "award_won", _("Arbitration award in the worker's favour")
    JUDGMENT_WON = "judgment_won", _("Judgment in the worker's favour")
    PARTLY_WON = "partly_won", _("Partly supported")
    LOST = "lost", _("Claim not supported")
    WITHDRAWN = "withdrawn", _("Withdrawn by the worker")


class LawyerKind(models.TextChoices):
    LAWYER = "lawyer", _("Lawyer")
    LEGAL_WORKER = "legal_worker", _("Grassroots legal worker")
    AID_BODY = "aid_body", _("Legal-aid body")
    LAW_FIRM = "law_firm", _("Law firm")


class ConsultationChannel(models.TextChoices):
    """How a legal consultation (法律咨询) was given."""

    WALK_IN = "walk_in", _("Walk-in visit")
    LAWYER_ON_DUTY = "lawyer_on_duty", _("Lawyer on duty")
    HOTLINE = "hotline", _("Hotline (12351)")
    ONLINE = "online", _("Online")


class Topic(models.TextChoices):
    """The subject of a consultation or an outreach event; mirrors the request categories."""

    WAGES = "wages", _("Wages")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    LABOUR_CONTRACT = "labour_contract", _("Labour contract")
    WORK_INJURY = "work_injury", _("Work injury")
    DISMISSAL = "dismissal", _("Dismissal")
    SAFETY = "safety", _("Occupational safety")
    UNION_RIGHTS = "union_rights", _("Union rights")
    OTHER = "other", _("Other")


# Mediation (劳动争议调解) -----------------------------------------------------------------


class MediationBodyKind(models.TextChoices):
    """Where a labour dispute is mediated."""

    UNION_ROOM = "union_room", _("Union mediation room")
    COURT_REFERRED = "court_referred", _("Court-referred mediation (litigation–mediation link)")
    ENTERPRISE = "enterprise", _("Enterprise mediation committee")


class MediationOutcome(models.TextChoices):
    PENDING = "", _("Not yet concluded")
    AGREEMENT = "agreement", _("Mediation agreement")
    FAILURE = "failure", _("Mediation failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Collective bargaining (集体协商) -----------------------------------------------------------

# Labour Law art. 33 and the Collective Contract Provisions art. 32: the other party answers an
# offer to bargain in writing within 20 days.
OFFER_ANSWER_DAYS = 20


class ContractKind(models.TextChoices):
    """Who a collective contract (or an offer to bargain) is for."""

    ENTERPRISE = "enterprise", _("Enterprise")
    SECTOR = "sector", _("Sector")
    REGIONAL = "regional", _("Regional")


class ContractType(models.TextChoices):
    """A comprehensive collective contract or a special one (专项集体合同)."""

    COMPREHENSIVE = "comprehensive", _("Comprehensive collective contract")
    WAGES = "wages", _("Special contract on wages")
    WOMEN = "women", _("Special contract on women workers' rights")
    SAFETY = "safety", _("Special contract on labour safety and health")


class OfferAnswer(models.TextChoices):
    PENDING = "", _("Not answered")
    ACCEPTED = "accepted", _("Agreed to bargain")
    REFUSED = "refused", _("Refused to bargain")


# Inspections and hazards (劳动保护监督检查) ------------------------------------------------


class HazardSeverity(models.TextChoices):
    GENERAL = "general", _("General hazard")
    MAJOR = "major", _("Major hazard")


class HazardStatus(models.TextChoices):
    OPEN = "open", _("Being rectified")
    RECTIFIED = "rectified", _("Rectified")
    VERIFIED = "verified", _("Rectification verified")
