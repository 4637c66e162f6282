"""`manage.py check --database default` fails when LiteLLM's tables do not fit the models."""

from django.core import checks
from django.db import connections
from django.db.utils import OperationalError

from litellm_console.schemacheck import compare


@checks.register(checks.Tags.database)
def check_litellm_schema(app_configs=None, databases=None, **kwargs):
    if not databases or "default" not in databases:
        return []
    try:
        report = compare(connections["default"])
    except OperationalError as exc:
        return [checks.Error(f"cannot reach the database: {exc}", id="litellm_console.E000")]
    if report.not_litellm:
        return [
            checks.Error(
                "This database has none of LiteLLM's tables.",
                hint="Point DATABASE_URL at the LiteLLM proxy's database.",
                id="litellm_console.E001",
            )
        ]
    messages = []
    for problem in report.problems:
        cls = checks.Error if problem.severity == "error" else checks.Warning
        code = "E002" if problem.severity == "error" else "W001"
        messages.append(cls(str(problem), id=f"litellm_console.{code}"))
    return messages
