"""The reports endpoints under ``/api/v1/``: (prefix, viewset, basename) triples that
``gonghui.api_urls`` registers."""

ROUTES: list = []
