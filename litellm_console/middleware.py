"""Request-level middleware."""

from __future__ import annotations

import logging

import psycopg.errors
from django.db.utils import ProgrammingError
from django.shortcuts import render

logger = logging.getLogger(__name__)


class SchemaErrorMiddleware:
    """Turn "table/column does not exist" into a page that explains it, not a 500 trace.

    That error means the database is not the LiteLLM version the console maps (or not a
    LiteLLM database at all); the fix is on the operator's side, so say what to run.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ProgrammingError):
            return None
        cause = exception.__cause__
        if not isinstance(cause, psycopg.errors.UndefinedTable | psycopg.errors.UndefinedColumn):
            return None
        logger.error("schema mismatch on %s: %s", request.path, cause)
        return render(
            request,
            "errors/schema.html",
            {"detail": str(cause).splitlines()[0]},
            status=503,
        )
