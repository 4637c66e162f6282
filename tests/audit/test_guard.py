"""Bulk writes on audited models are refused unless explicitly allowed (and the source obeys)."""

from __future__ import annotations

import ast
import copy
import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.db import models

from apps.audit.guard import UnauditedWriteError, bulk_write_allowed
from apps.audit.models import AuditLog
from apps.audit.signals import audited_models
from apps.spend.models import SpendLog
from apps.teams.models import TeamMembership
from tests import factories
from tests.audit.conftest import CHANGES, FACTORIES

AUDITED = audited_models()
by_name = pytest.mark.parametrize("model", AUDITED, ids=lambda m: m.__name__)


def unsaved_copy(obj):
    """A new, unsaved row like `obj` with a fresh primary key (for bulk_create)."""
    clone = copy.copy(obj)
    clone._state = copy.copy(obj._state)
    clone._state.adding = True
    for field in obj._meta.pk_fields:
        if isinstance(field, models.AutoField):
            setattr(clone, field.attname, None)
        elif field.attname == "token":
            setattr(clone, field.attname, hashlib.sha256(b"sk-clone").hexdigest())
        else:
            setattr(clone, field.attname, f"{getattr(obj, field.attname)}-clone")
    if hasattr(clone, "key_alias"):
        clone.key_alias = None
    if isinstance(clone, TeamMembership):
        clone.user_id = factories.ProxyUserFactory().user_id
    return clone


# --- refused ---


@by_name
@pytest.mark.django_db
def test_queryset_update_is_refused(model):
    obj = FACTORIES[model]()
    spec = CHANGES[model]
    with pytest.raises(UnauditedWriteError, match=model.__name__):
        model.objects.filter(pk=obj.pk).update(**{spec.field: getattr(obj, spec.field)})
    with pytest.raises(UnauditedWriteError):
        model.objects.all().update(**{spec.field: getattr(obj, spec.field)})


@by_name
@pytest.mark.django_db
def test_queryset_delete_is_refused(model):
    obj = FACTORIES[model]()
    with pytest.raises(UnauditedWriteError):
        model.objects.filter(pk=obj.pk).delete()
    assert model.objects.filter(pk=obj.pk).exists()


@by_name
@pytest.mark.django_db
def test_bulk_update_is_refused(model):
    obj = FACTORIES[model]()
    with pytest.raises(UnauditedWriteError):
        model.objects.bulk_update([obj], [CHANGES[model].field])


@by_name
@pytest.mark.django_db
def test_bulk_create_is_refused(model):
    obj = FACTORIES[model]()
    clone = unsaved_copy(obj)
    count = model.objects.count()
    with pytest.raises(UnauditedWriteError):
        model.objects.bulk_create([clone])
    assert model.objects.count() == count


@pytest.mark.django_db
def test_related_managers_are_guarded_too():
    budget = factories.BudgetFactory()
    factories.VirtualKeyFactory(budget=budget)
    factories.CustomerFactory(budget=budget)
    with pytest.raises(UnauditedWriteError):
        budget.keys.update(max_budget=1)
    with pytest.raises(UnauditedWriteError):
        budget.customers.clear()  # nulls the FK with a bulk UPDATE
    with pytest.raises(UnauditedWriteError):
        budget.keys.all().delete()


def test_allowing_needs_a_reason():
    with pytest.raises(ValueError):
        with bulk_write_allowed(""):
            pass


# --- allowed ---


@by_name
@pytest.mark.django_db
def test_bulk_writes_work_inside_bulk_write_allowed(model):
    obj = FACTORIES[model]()
    spec = CHANGES[model]
    new_value = spec.new_value()
    clone = unsaved_copy(obj)
    audit_rows = AuditLog.objects.count()
    with bulk_write_allowed("test: approved spend-safe helper"):
        assert model.objects.filter(pk=obj.pk).update(**{spec.field: new_value}) == 1
        setattr(obj, spec.field, new_value)
        model.objects.bulk_update([obj], [spec.field])
        created = model.objects.bulk_create([clone])
        assert len(created) == 1
    refreshed = model.objects.get(pk=obj.pk)
    assert getattr(refreshed, spec.field) == new_value
    assert model.objects.filter(pk=clone.pk).exists()
    assert AuditLog.objects.count() == audit_rows  # bulk writes send no per-object signals
    with bulk_write_allowed("test: approved cleanup"):
        model.objects.filter(pk=clone.pk).delete()
    assert not model.objects.filter(pk=clone.pk).exists()


@pytest.mark.django_db
def test_the_allowance_ends_with_its_block():
    team = factories.TeamFactory()
    with bulk_write_allowed("test"):
        type(team).objects.filter(pk=team.pk).update(team_alias="inside")
    with pytest.raises(UnauditedWriteError):
        type(team).objects.filter(pk=team.pk).update(team_alias="outside")


@pytest.mark.django_db
def test_non_audited_models_are_unaffected():
    log = factories.SpendLogFactory()
    assert SpendLog.objects.filter(pk=log.pk).update(spend=1.25) == 1
    log.spend = 2.5
    SpendLog.objects.bulk_update([log], ["spend"])
    SpendLog.objects.bulk_create([factories.SpendLogFactory.build()])
    assert SpendLog.objects.count() == 2
    SpendLog.objects.all().delete()
    assert not SpendLog.objects.exists()
    assert not AuditLog.objects.exists()


# --- static guard: the source never bulk-writes an audited model outside an allowance ---

BULK_METHODS = {"update", "bulk_update", "bulk_create", "delete"}
MANAGER_ATTRS = {"objects", "_default_manager", "_base_manager"}
SOURCE_DIRS = ("apps", "litellm_console")


def _audited_names() -> set[str]:
    return {m.__name__ for m in audited_models()}


def _chain_root(node: ast.AST) -> tuple[str | None, list[str]]:
    """For `A.objects.filter(x).exclude(y)`: ("A", ["objects", "filter", "exclude"])."""
    attrs: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):  # qs[:10]
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id, attrs[::-1]
        else:
            return None, attrs[::-1]


def _is_allowance(item: ast.withitem) -> bool:
    call = item.context_expr
    if not isinstance(call, ast.Call):
        return False
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name == "bulk_write_allowed"


class BulkWriteFinder(ast.NodeVisitor):
    """Finds bulk writes on an audited model's queryset outside `with bulk_write_allowed(...)`.

    A receiver counts as a queryset of an audited model when its chain starts at an audited
    model's name and goes through a manager (`VirtualKey.objects.filter(...)`), or at a local
    variable assigned from such a chain in the same function. `dict.update(...)`,
    `instance.delete()` and other models' querysets are not flagged.
    """

    def __init__(self, audited: set[str]):
        self.audited = audited
        self.allowed_depth = 0
        self.scopes: list[set[str]] = [set()]
        self.found: list[tuple[int, str]] = []

    def _is_audited_queryset(self, node: ast.AST) -> bool:
        root, attrs = _chain_root(node)
        if root is None:
            return False
        if root in self.audited and MANAGER_ATTRS & set(attrs):
            return True
        return root in self.scopes[-1]

    def visit_FunctionDef(self, node):
        self.scopes.append(set())
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node):
        if self._is_audited_queryset(node.value):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.scopes[-1].add(target.id)
        self.generic_visit(node)

    def visit_With(self, node):
        allowed = any(_is_allowance(item) for item in node.items)
        self.allowed_depth += allowed
        self.generic_visit(node)
        self.allowed_depth -= allowed

    visit_AsyncWith = visit_With

    def visit_Call(self, node):
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in BULK_METHODS
            and not (func.attr == "delete" and (node.args or node.keywords))
            and self._is_audited_queryset(func.value)
            and not self.allowed_depth
        ):
            self.found.append((node.lineno, ast.unparse(node)[:100]))
        self.generic_visit(node)


def find_unallowed_bulk_writes(source: str) -> list[tuple[int, str]]:
    finder = BulkWriteFinder(_audited_names())
    finder.visit(ast.parse(source))
    return finder.found


def _project_sources() -> list[Path]:
    base = Path(settings.BASE_DIR)
    files = []
    for top in SOURCE_DIRS:
        for path in sorted((base / top).rglob("*.py")):
            parts = path.relative_to(base).parts
            if "migrations" in parts or "tests" in parts or path.name.startswith("test_"):
                continue
            files.append(path)
    return files


def test_static_guard_flags_what_it_should():
    source = """
from apps.keys.models import VirtualKey
from apps.audit.guard import bulk_write_allowed

def bad(team):
    VirtualKey.objects.filter(team_id=team).update(blocked=True)      # flagged
    VirtualKey.objects.all().delete()                                   # flagged
    Team._default_manager.bulk_create([])                               # flagged
    qs = Customer.objects.filter(blocked=True)
    qs.update(blocked=False)                                            # flagged
    ProxyUser.objects.bulk_update([], ["user_alias"])                   # flagged

def good(team, key, data):
    with bulk_write_allowed("spend reset"):
        VirtualKey.objects.filter(team_id=team).update(spend=0)
    data.update({"a": 1})
    key.delete()
    SpendLog.objects.filter(spend=0).delete()
    SignInFailure.objects.bulk_create([])
    key.metadata.update(x=1)
    qs = VirtualKey.objects.filter(team_id=team)
    for k in qs:
        k.delete()
"""
    found = find_unallowed_bulk_writes(source)
    assert [line for line, _code in found] == [6, 7, 8, 10, 11], found


def test_static_guard_knows_the_audited_model_names():
    assert len(_audited_names()) == 12


def test_no_bulk_write_on_an_audited_model_in_the_source():
    base = Path(settings.BASE_DIR)
    sources = _project_sources()
    assert any(p.name == "signals.py" for p in sources)  # the scan really reads the project
    offences = []
    for path in sources:
        for line, code in find_unallowed_bulk_writes(path.read_text()):
            offences.append(f"{path.relative_to(base)}:{line}: {code}")
    assert not offences, "bulk writes skip the audit log:\n" + "\n".join(offences)
