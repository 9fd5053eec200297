"""Workspace pages of membership: join requests, members, join codes."""
