"""Turning the database failures an operator can fix into pages that say so."""

from __future__ import annotations

import logging

import psycopg.errors
from django.db.utils import ProgrammingError
from django.http import HttpResponse
from django.shortcuts import render

from apps.audit.signals import AuditWriteError

logger = logging.getLogger(__name__)


def database_error_response(request, exception: BaseException | None) -> HttpResponse | None:
    """A 503 page for a failure the operator can fix, or None for any other exception.

    - "table/column does not exist": the database is not the LiteLLM version the console maps
      (or not a LiteLLM database at all);
    - an audit row that could not be written: the change was rolled back with it.
    """
    if isinstance(exception, AuditWriteError):
        logger.error("write refused on %s: %s", request.path, exception)
        return render(request, "errors/write_failed.html", {"detail": str(exception)}, status=503)
    if isinstance(exception, ProgrammingError) and isinstance(
        exception.__cause__, psycopg.errors.UndefinedTable | psycopg.errors.UndefinedColumn
    ):
        detail = str(exception.__cause__).splitlines()[0]
        logger.error("schema mismatch on %s: %s", request.path, detail)
        return render(request, "errors/schema.html", {"detail": detail}, status=503)
    return None


class DatabaseErrorPagesMiddleware:
    """Explains such failures raised in views (handler500 covers the ones in middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return database_error_response(request, exception)
