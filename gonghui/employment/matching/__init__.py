"""Precise matching (精准匹配) of job seekers and job postings.

The engine works on plain documents (``documents``): hard filters then a score
(``scorer``), vectorised over every open posting by the in-memory index (``index``), explained
in Chinese (``explain``). ``selectors`` is what the rest of the app calls; ``runners`` holds the
batch job writing recommendations.
"""
