from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.choices import UnitKind

# Units that take members directly (发展会员): grassroots unions, joint unions covering small
# employers, and sector federations for platform workers without an employer's union.
MEMBER_UNIT_KINDS = frozenset({UnitKind.GRASSROOTS, UnitKind.JOINT, UnitKind.SECTOR_FEDERATION})


class MembershipStatus(models.TextChoices):
    """A membership's state (会籍状态); only an active one counts as a member."""

    ACTIVE = "active", _("Current member")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    ENDED = "ended", _("Ended")


class EndReason(models.TextChoices):
    """Why a membership ended (会籍终止原因); a transfer ends it as transferred out."""

    LEFT = "left", _("Left the union")
    RETIRED = "retired", _("Retired")
    DECEASED = "deceased", _("Deceased")
    TRANSFERRED = "transferred", _("Transferred to another union")


class JoinChannel(models.TextChoices):
    """How a member joined (入会渠道)."""

    QR = "qr", _("QR code")
    WEB = "web", _("Online")
    IMPORT = "import", _("Roster import")
    DESK = "desk", _("At the union's desk")


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
