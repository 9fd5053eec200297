"""Workspace pages of employment services, split by sub-domain."""
