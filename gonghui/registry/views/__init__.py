"""Workspace pages for workers (职工) and employers (用人单位)."""
