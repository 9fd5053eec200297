from django.apps import AppConfig


class SampleKindConfig(AppConfig):
    """A case kind that exists only in the tests, registered the way a module registers one."""

    name = "gonghui.casework.tests.sample_kind"
    label = "casework_sample"
    verbose_name = "Sample case kinds (tests)"

    def ready(self) -> None:
        from gonghui.casework.kinds import register_kind
        from gonghui.casework.tests.sample_kind.kinds import SAMPLE_REQUEST, SAMPLE_SIGNUP

        register_kind(SAMPLE_REQUEST)
        register_kind(SAMPLE_SIGNUP)
