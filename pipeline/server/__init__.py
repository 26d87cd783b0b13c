"""`directives serve`: the HTTP API (routes_api.py), the review page (routes_review.py), store access
serialised for one writer (access.py), the write token (auth.py) and document queries (documents.py)."""
