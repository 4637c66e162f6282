"""Shared Django admin pieces for LiteLLM's tables.

Every write the admin makes follows the console's rules: a change saves only the columns the
form changed (`save(update_fields=...)`), so the proxy's `spend` counters are never written back
stale; bulk deletes go through `Model.delete()` per object so per-object signals fire; the
`*_by` columns record the signed-in user's LiteLLM id. Logs are read-only for everyone and use a
paginator and date hierarchy that stay cheap on tables with tens of millions of rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ERROR_FLAG, SEARCH_VAR, ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import IntegrityError, connections, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString

from litellm_console.compat.keys import KEY_PREFIX, hash_key
from litellm_console.formatting import format_usd
from litellm_console.forms import BudgetPeriodForm

EMPTY = "-"

# --- JSON display and editing ------------------------------------------------------------------


def pretty_json(value: Any) -> SafeString | str:
    """`value` as indented JSON in a <pre>, escaped; "-" for nothing."""
    if value is None:
        return EMPTY
    text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    return format_html('<pre class="json-display">{}</pre>', text)


def json_display(name: str, label: str, getter: Callable[[Any], Any] | None = None):
    """A read-only admin column/field showing `obj.<name>` (or `getter(obj)`) as pretty JSON."""

    @admin.display(description=label)
    def display(obj):
        return pretty_json(getter(obj) if getter else getattr(obj, name))

    display.__name__ = f"{name}_json"
    return display


class PrettyJSONFormField(forms.JSONField):
    """A JSON form field that shows its value indented, so nested settings stay readable."""

    widget = forms.Textarea(attrs={"rows": 8, "cols": 80, "class": "vLargeTextField"})

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False, cls=self.encoder)


# --- List filters --------------------------------------------------------------------------------


def choices_filter(
    title: str, parameter: str, choices: Iterable[tuple[str, str, dict]]
) -> type[admin.SimpleListFilter]:
    """A list filter with fixed choices `(value, label, filter kwargs)`.

    Django's default filter for a plain column runs `SELECT DISTINCT column` over the whole
    table on every page load; on the log tables that is a full scan, so they use fixed choices.
    """
    options = {value: (label, lookup) for value, label, lookup in choices}

    class ChoicesFilter(admin.SimpleListFilter):
        parameter_name = parameter

        def lookups(self, request, model_admin):
            return [(value, label) for value, (label, _lookup) in options.items()]

        def queryset(self, request, queryset):
            choice = options.get(self.value())
            return queryset.filter(**choice[1]) if choice else queryset

    ChoicesFilter.title = title
    ChoicesFilter.__name__ = f"{parameter.title().replace('_', '')}Filter"
    return ChoicesFilter


# --- Model admin bases --------------------------------------------------------------------------


MONEY_FIELDS = ("spend", "max_budget", "soft_budget")


def money_display(name: str, label: str):
    """A changelist column showing a USD float column formatted, still sortable by it."""

    @admin.display(description=label, ordering=name)
    def display(obj):
        return format_usd(getattr(obj, name))

    display.__name__ = f"{name}_usd"
    return display


DELETE_REFUSED = (IntegrityError, ProtectedError, RestrictedError)


def _looks_like_raw_key(term: str) -> bool:
    """A whole virtual key (`sk-` and 22+ characters), not an abbreviation like `sk-...abcd`."""
    return term.startswith(KEY_PREFIX) and len(term) >= 20 and " " not in term and "..." not in term


def _date_hierarchy_in_range(request, field: str) -> bool:
    """False for a drill-down Django's changelist cannot compute the end of (year 9999)."""
    year = request.GET.get(f"{field}__year")
    try:
        return year is None or 1 <= int(year) < 9999
    except ValueError:
        return True  # Django reports non-numbers itself


class ConsoleModelAdmin(admin.ModelAdmin):
    """Base admin for LiteLLM's tables: partial saves, per-object deletes, actor stamping.

    * A change writes only the changed columns, so a concurrent `spend = spend + x` from the
      proxy survives (LiteLLMModel.save adds `updated_at`).
    * An add is a forced INSERT: it can never turn into an UPDATE of an existing row.
    * "Delete selected" deletes object by object so `pre_delete`/`post_delete` receivers fire.
    * `created_by` (on add) and `updated_by` record `request.user.username`, the LiteLLM id.
    * A primary key the user typed (user id, customer id, ...) is read-only once the row
      exists: Django would save a renamed key as a new row.
    * JSON shown read-only (to viewers, or spend columns) is pretty-printed.
    * `raw_key_search_field`: a pasted raw `sk-...` key is replaced by its sha256 hash with a
      redirect, so the key is never echoed in the page, its links or the browser history.
    """

    formfield_overrides = {models.JSONField: {"form_class": PrettyJSONFormField}}
    # Adds the object's LiteLLM audit history (not Django's admin log) under the form.
    change_form_template = "admin/litellm_change_form.html"
    list_per_page = 50
    raw_key_search_field: str | None = None

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # One display per JSON field, built once: Django matches read-only fields by identity.
        self.json_displays = {
            field.name: json_display(field.name, field.verbose_name)
            for field in model._meta.concrete_fields
            if isinstance(field, models.JSONField)
        }

    def get_list_display(self, request):
        names = {f.name for f in self.model._meta.concrete_fields}
        return [
            money_display(n, self.model._meta.get_field(n).verbose_name)
            if isinstance(n, str) and n in MONEY_FIELDS and n in names
            else n
            for n in super().get_list_display(request)
        ]

    def _pretty(self, names):
        return [self.json_displays.get(n, n) if isinstance(n, str) else n for n in names]

    def get_form(self, request, obj=None, change=False, **kwargs):
        has_period = any(f.name == "budget_duration" for f in self.model._meta.concrete_fields)
        if has_period and self.form is forms.ModelForm:
            kwargs.setdefault("form", BudgetPeriodForm)
        return super().get_form(request, obj, change, **kwargs)

    def get_object(self, request, object_id, from_field=None):
        # PostgreSQL text cannot hold NUL: such an id names no row (404, not a DataError).
        if "\x00" in str(object_id):
            return None
        return super().get_object(request, object_id, from_field)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except DELETE_REFUSED as exc:
            return self._delete_refused(request, exc)

    def _delete_refused(self, request, exc: Exception):
        # A row of a LiteLLM table the console does not map (e.g. an organization membership
        # on current LiteLLM) still points here: PostgreSQL refused, nothing was deleted.
        self.message_user(
            request,
            f"Nothing was deleted: other LiteLLM rows still refer to it "
            f"({exc.__class__.__name__}). Remove those first.",
            level=messages.ERROR,
        )
        return HttpResponseRedirect(request.path)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            try:
                return self._changelist_view(request, extra_context)
            except DELETE_REFUSED as exc:
                return self._delete_refused(request, exc)
        return self._changelist_view(request, extra_context)

    def _changelist_view(self, request, extra_context=None):
        term = request.GET.get(SEARCH_VAR, "").strip()
        if self.raw_key_search_field and _looks_like_raw_key(term):
            params = request.GET.copy()
            params[SEARCH_VAR] = hash_key(term)
            return HttpResponseRedirect(f"{request.path}?{params.urlencode()}")
        if self.date_hierarchy and not _date_hierarchy_in_range(request, self.date_hierarchy):
            # Django computes the end of year 9999 outside its own error handling (a 500);
            # answer as it does for any other bad lookup.
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)

    def _filled_by_database(self, name) -> bool:
        try:
            field = self.model._meta.get_field(name) if isinstance(name, str) else None
        except FieldDoesNotExist:
            return False
        return field is not None and field.db_default is not models.NOT_PROVIDED

    def get_readonly_fields(self, request, obj=None):
        names = list(super().get_readonly_fields(request, obj))
        pk = self.model._meta.pk
        if obj is None:
            # Before the INSERT these hold no value yet (spend, created_at, ...).
            names = [n for n in names if not self._filled_by_database(n)]
        elif pk.editable and pk.name not in names:
            names.insert(0, pk.name)
        return self._pretty(names)

    def get_exclude(self, request, obj=None):
        # A JSON field shown read-only appears as its display; keep the raw input out too.
        readonly = self.get_readonly_fields(request, obj)
        shown = [name for name, display in self.json_displays.items() if display in readonly]
        return [*(super().get_exclude(request, obj) or ()), *shown] or None

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not self.has_change_permission(request, obj):
            # Everything is displayed read-only for this user: show JSON readably.
            return self._pretty(fields)
        return fields

    @staticmethod
    def stamp_actor(obj: models.Model, actor: str, *, adding: bool) -> list[str]:
        """Set `created_by` (adding only) and `updated_by` where the table has them."""
        stamped = []
        for name in ("created_by", "updated_by") if adding else ("updated_by",):
            try:
                field = obj._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            setattr(obj, field.attname, actor)
            stamped.append(name)
        return stamped

    def save_model(self, request, obj, form, change):
        actor = request.user.get_username()
        if not change:
            self.stamp_actor(obj, actor, adding=True)
            obj.save(force_insert=True)
            return
        # The model's own diff against the loaded row: what the form changed, plus what the
        # form derived (a new budget period's reset time), and never a stale spend.
        columns = obj.changed_fields()
        if columns:
            obj.save(update_fields=columns + self.stamp_actor(obj, actor, adding=False))

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=queryset.db):
            for obj in queryset:
                obj.delete()


class ReadOnlyAdmin(ConsoleModelAdmin):
    """Rows the proxy writes (logs): viewable by admins and viewers, changeable by nobody."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Big tables: counting and date drill-down ---------------------------------------------------


def estimated_row_count(model: type[models.Model], using: str = "default") -> int:
    """PostgreSQL's estimate of the rows in `model`'s table (`pg_class.reltuples`).

    Kept up to date by autovacuum/ANALYZE; -1 (never analysed) is returned as 0.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
            [connection.ops.quote_name(model._meta.db_table)],
        )
        row = cursor.fetchone()
    return max(row[0], 0) if row else 0


def planned_row_count(queryset: models.QuerySet) -> int:
    """The planner's row estimate for `queryset` (EXPLAIN without ANALYZE: nothing runs)."""
    sql, params = queryset.order_by().query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class LargeTablePaginator(Paginator):
    """A paginator that never counts more than `max_pages` pages' worth of rows.

    `count` is exact up to `max_pages * per_page` rows (a `COUNT(*)` over a `LIMIT` subquery,
    so its cost is bounded); past that it is an estimate: `pg_class.reltuples` for the whole
    table, the planner's estimate for a filtered or searched list. Pages stop at `max_pages`,
    so no page needs a deep `OFFSET`; older rows are reached by narrowing the list (date
    hierarchy, filters, search).
    """

    max_pages = 100

    @cached_property
    def count(self) -> int:
        limit = self.max_pages * self.per_page
        queryset = self.object_list
        counted = queryset[: limit + 1].count()
        if counted <= limit:
            return counted
        if not queryset.query.where:
            estimate = estimated_row_count(queryset.model, queryset.db)
        else:
            estimate = planned_row_count(queryset)
        return max(counted, estimate)

    @cached_property
    def num_pages(self) -> int:
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        hits = max(1, self.count - self.orphans)
        return min(-(-hits // self.per_page), self.max_pages)


def _bucket_starts(first: dt.datetime, last: dt.datetime, kind: str) -> list[dt.date]:
    """The calendar years, months or days (as dates) from `first` to `last`, inclusive."""
    if kind == "year":
        return [dt.date(year, 1, 1) for year in range(first.year, last.year + 1)]
    if kind == "month":
        months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
        return [dt.date(m // 12, m % 12 + 1, 1) for m in months]
    days = (last.date() - first.date()).days
    return [first.date() + dt.timedelta(days=n) for n in range(days + 1)]


def _next_bucket(start: dt.date, kind: str) -> dt.date:
    if kind == "year":
        return start.replace(year=start.year + 1)
    if kind == "month":
        return (start + dt.timedelta(days=32)).replace(day=1)
    return start + dt.timedelta(days=1)


class DateProbeQuerySet(models.QuerySet):
    """A queryset whose `datetimes()` probes each period instead of scanning the table.

    Django's `date_hierarchy` lists the years/months/days that have rows with
    `SELECT DISTINCT date_trunc(...)`, which reads every row in range: minutes on a spend log
    of tens of millions of rows. Here the range comes from MIN/MAX and each candidate period is
    one `EXISTS` probe, all in a single query; with an index on the column (LiteLLM has one on
    `LiteLLM_SpendLogs."startTime"`) each probe is an index lookup. Periods are cut in the
    active time zone and compared as UTC, so the result is right for Prisma's naive-UTC columns
    whatever TIME_ZONE is.
    """

    max_buckets = 400

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        if kind not in ("year", "month", "day"):
            return super().datetimes(field_name, kind, order, tzinfo)
        bounds = self.aggregate(first=models.Min(field_name), last=models.Max(field_name))
        if bounds["first"] is None:
            return []
        tz = tzinfo or timezone.get_current_timezone()
        first, last = (timezone.localtime(bounds[k], tz) for k in ("first", "last"))
        starts = _bucket_starts(first, last, kind)
        if len(starts) > self.max_buckets:
            return super().datetimes(field_name, kind, order, tzinfo)

        def aware(day: dt.date) -> dt.datetime:
            return timezone.make_aware(dt.datetime.combine(day, dt.time()), tz)

        def probe(start: dt.date) -> tuple[str, tuple]:
            period = {
                f"{field_name}__gte": aware(start),
                f"{field_name}__lt": aware(_next_bucket(start, kind)),
            }
            rows = self.order_by().filter(**period).values("pk")[:1]
            return rows.query.get_compiler(using=self.db).as_sql()

        probes = [probe(start) for start in starts]
        sql = "SELECT " + ", ".join(f"EXISTS ({probe_sql})" for probe_sql, _params in probes)
        params = [p for _sql, probe_params in probes for p in probe_params]
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchone()
        result = [aware(s) for s, has_rows in zip(starts, found, strict=True) if has_rows]
        return result[::-1] if order == "DESC" else result


class SortableByChangeList(ChangeList):
    """Honours `sortable_by` for `?o=` too: Django only hides the other column headers, so a
    hand-made URL could still make PostgreSQL sort a whole log table by an unindexed column."""

    def get_ordering_field(self, field_name):
        if self.sortable_by is not None and field_name not in self.sortable_by:
            return None
        return super().get_ordering_field(field_name)


class LogAdmin(ReadOnlyAdmin):
    """Read-only admin for the proxy's log tables, cheap on tens of millions of rows.

    No full count (`show_full_result_count`), no facet counts, a bounded paginator, a date
    hierarchy that probes instead of scanning, and sorting only on the time column (an
    `ORDER BY` on anything unindexed sorts the whole table).
    """

    paginator = LargeTablePaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def get_changelist(self, request, **kwargs):
        return SortableByChangeList

    def get_queryset(self, request):
        queryset = DateProbeQuerySet(self.model, using=self.model._default_manager.db)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset
