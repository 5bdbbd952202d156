"""Render stage: the validated case becomes Word documents (and later pages and calendars)."""
