"""Portal tests share the membership tests' fixtures: text messages kept in memory, and the
join settings of the shared tree's grassroots unions."""

from gonghui.membership.tests.conftest import intake, sms

__all__ = ["intake", "sms"]
