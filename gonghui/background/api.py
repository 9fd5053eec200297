"""API of background jobs (``background-jobs/``): status, progress and log, and stopping one."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.background.models import BackgroundJob
from gonghui.background.services import job_cancel
from gonghui.core.api.viewsets import ScopedReadOnlyViewSet
from gonghui.core.choices import Action


class BackgroundJobSerializer(serializers.ModelSerializer[BackgroundJob]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
    percent = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = BackgroundJob
        fields = [
            "id", "kind", "title", "unit", "unit_name", "created_by", "status", "stage", "done",
            "total", "percent", "result", "error", "cancel_requested", "log", "created_at",
            "started_at", "finished_at", "heartbeat_at",
        ]  # fmt: skip
        read_only_fields = fields


class BackgroundJobViewSet(ScopedReadOnlyViewSet):
    """Jobs in the user's scope; filter with ``status`` and ``kind``."""

    queryset = BackgroundJob.objects.select_related("unit", "created_by")
    serializer_class = BackgroundJobSerializer
    ordering_fields = ["created_at", "status"]
    filterset_fields = ["status", "kind", "unit"]
    ordering = ["-created_at", "-id"]
    scope_actions = {"cancel": Action.VIEW}

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Stop the job: a queued one at once, a running one at its next check."""
        job = job_cancel(by=request.user, job=self.get_object())
        return self.saved_response(job)
