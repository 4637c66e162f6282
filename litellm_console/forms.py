"""Form pieces shared by the console's pages and the Django admin."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from litellm_console.compat import durations


class BudgetPeriodForm(forms.ModelForm):
    """A ModelForm for rows with `budget_duration` / `budget_reset_at` (keys, users, teams,
    budgets): the period is checked and spelled so every LiteLLM version reads it, and a
    changed period gets its next reset time, as LiteLLM sets it.

    Without `budget_reset_at` the proxy's reset job never picks the row up (it resets rows
    whose reset time has passed), and a period it cannot parse breaks that job.
    """

    def clean_budget_duration(self):
        value = (self.cleaned_data.get("budget_duration") or "").strip()
        if durations.is_empty_duration(value):
            return None
        try:
            return durations.normalize_duration(value)
        except ValueError as exc:
            raise forms.ValidationError(
                f"{exc} Use a number and a unit: 30s, 10m, 1h, 1d, 7d, 1mo.",
                code="invalid_duration",
            ) from exc

    def _post_clean(self):
        super()._post_clean()
        if "budget_duration" in self.changed_data and not self.has_error("budget_duration"):
            self.instance.budget_reset_at = durations.next_budget_reset(
                self.instance.budget_duration, timezone.now()
            )
