"""Request-level middleware."""

from __future__ import annotations

import logging

import psycopg.errors
from django.db.utils import ProgrammingError
from django.shortcuts import render

from apps.audit.signals import AuditWriteError

logger = logging.getLogger(__name__)


class DatabaseErrorPagesMiddleware:
    """Explain the database failures an operator can fix, instead of a 500 trace.

    - "table/column does not exist": the database is not the LiteLLM version the console
      maps (or not a LiteLLM database at all);
    - an audit row that could not be written: the change was rolled back with it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, AuditWriteError):
            logger.error("write refused on %s: %s", request.path, exception)
            return render(
                request, "errors/write_failed.html", {"detail": str(exception)}, status=503
            )
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
