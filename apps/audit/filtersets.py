from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q

from apps.audit.context import ACTIONS
from apps.audit.models import AuditLog
from apps.audit.signals import audited_models


def _table_choices() -> list[tuple[str, str]]:
    return [
        (m._meta.db_table, str(m._meta.verbose_name_plural).capitalize()) for m in audited_models()
    ]


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


class AuditLogFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        widget=forms.TextInput(attrs={"placeholder": "Object id, actor…"}),
    )
    table_name = django_filters.ChoiceFilter(
        label="Table", choices=_table_choices, empty_label="All tables"
    )
    action = django_filters.ChoiceFilter(
        label="Action", choices=[(a, a.capitalize()) for a in ACTIONS], empty_label="All actions"
    )
    changed_by = django_filters.CharFilter(label="Changed by")
    object_id = django_filters.CharFilter(label="Object id")
    date_from = django_filters.DateFilter(
        label="From (UTC)", method="from_day", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label="To (UTC)", method="to_day", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AuditLog
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(object_id__icontains=value)
            | Q(changed_by__icontains=value)
            | Q(table_name__icontains=value)
        )

    def from_day(self, queryset, name, value):
        return queryset.filter(updated_at__gte=_day_start(value))

    def to_day(self, queryset, name, value):
        if value >= dt.date.max:
            return queryset  # "up to the end of time": no upper bound
        return queryset.filter(updated_at__lt=_day_start(value + dt.timedelta(days=1)))
