"""factory_boy factories for every LiteLLM model (rows as the proxy or console would write)."""

from __future__ import annotations

import datetime as dt
import secrets

import factory
from django.utils import timezone

from apps.access_requests.models import ModelAccessRequest
from apps.audit.models import AuditLog
from apps.budgets.models import Budget
from apps.customers.models import Customer
from apps.deployments.models import ModelDeployment
from apps.invitations.models import Invitation
from apps.keys.models import VirtualKey
from apps.organizations.models import Organization
from apps.proxy_settings.models import ProxySetting
from apps.spend.models import ErrorLog, SpendLog
from apps.teams.models import ModelAliasSet, Team, TeamMembership
from apps.users.models import ProxyUser
from litellm_console.compat.keys import new_key
from litellm_console.compat.passwords import make_password
from litellm_console.fields import new_uuid


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    max_budget = 100.0
    budget_duration = "30d"
    created_by = "test"
    updated_by = "test"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    organization_alias = factory.Sequence(lambda n: f"Org {n}")
    budget = factory.SubFactory(BudgetFactory)
    created_by = "test"
    updated_by = "test"


class ProxyUserFactory(factory.django.DjangoModelFactory):
    """A LiteLLM user; `password_plain` holds the made-up password (sha256 stored by default)."""

    class Meta:
        model = ProxyUser
        django_get_or_create = ("user_id",)

    user_id = factory.Sequence(lambda n: f"user-{n}")
    user_email = factory.LazyAttribute(lambda o: f"{o.user_id}@example.com")
    user_role = "internal_user"
    password_plain = factory.LazyFunction(lambda: secrets.token_urlsafe(12))
    password_format = "sha256"
    password = factory.LazyAttribute(lambda o: make_password(o.password_plain, o.password_format))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        plain = kwargs.pop("password_plain")
        kwargs.pop("password_format")
        user = super()._create(model_class, *args, **kwargs)
        user.password_plain = plain
        return user


class ModelAliasSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModelAliasSet

    model_aliases = factory.LazyFunction(lambda: {"fast": "gpt-4o-mini"})
    created_by = "test"
    updated_by = "test"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    team_alias = factory.Sequence(lambda n: f"Team {n}")
    allowed_models = factory.LazyFunction(lambda: ["gpt-4o"])
    members_with_roles = factory.LazyFunction(list)


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    user_id = factory.LazyFunction(lambda: ProxyUserFactory().user_id)
    team_id = factory.LazyFunction(lambda: TeamFactory().team_id)


class VirtualKeyFactory(factory.django.DjangoModelFactory):
    """A key with a real LiteLLM token; the raw key is on the instance as `raw_key`."""

    class Meta:
        model = VirtualKey

    generated = factory.LazyFunction(new_key)
    token = factory.LazyAttribute(lambda o: o.generated.token)
    key_name = factory.LazyAttribute(lambda o: o.generated.key_name)
    key_alias = factory.Sequence(lambda n: f"key-{n}")
    allowed_models = factory.LazyFunction(list)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        generated = kwargs.pop("generated")
        key = super()._create(model_class, *args, **kwargs)
        key.raw_key = generated.raw if key.token == generated.token else None
        return key


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    user_id = factory.Sequence(lambda n: f"customer-{n}")
    alias = factory.Sequence(lambda n: f"Customer {n}")


class ModelDeploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModelDeployment

    model_name = factory.Sequence(lambda n: f"model-{n}")
    # Values as the proxy stores them would be ciphertext; tests that need real encryption
    # build them with compat.secretbox.
    litellm_params = factory.LazyFunction(lambda: {"model": "openai/gpt-4o", "rpm": 100})
    model_info = factory.LazyFunction(lambda: {"id": new_uuid(), "db_model": True})
    created_by = "test"
    updated_by = "test"


class ProxySettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProxySetting
        django_get_or_create = ("param_name",)

    param_name = "general_settings"
    param_value = factory.LazyFunction(lambda: {"max_parallel_requests": 100})


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    user = factory.SubFactory(ProxyUserFactory)
    created_by = factory.SubFactory(ProxyUserFactory, user_role="proxy_admin")
    updated_by = factory.SelfAttribute("created_by")
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))


class ModelAccessRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModelAccessRequest

    user_id = factory.Sequence(lambda n: f"user-{n}")
    requested_models = factory.LazyFunction(lambda: ["gpt-4o"])
    justification = "Needed for the evaluation project"


class SpendLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpendLog

    request_id = factory.LazyFunction(lambda: f"chatcmpl-{new_uuid()}")
    call_type = "acompletion"
    api_key = factory.LazyFunction(lambda: new_key().token)
    spend = 0.0021
    prompt_tokens = 120
    completion_tokens = 80
    total_tokens = 200
    start_time = factory.LazyFunction(timezone.now)
    end_time = factory.LazyAttribute(lambda o: o.start_time + dt.timedelta(seconds=2))
    model = "gpt-4o-mini"
    model_group = "gpt-4o-mini"
    request_tags = factory.LazyFunction(list)


class ErrorLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ErrorLog

    start_time = factory.LazyFunction(timezone.now)
    end_time = factory.LazyAttribute(lambda o: o.start_time + dt.timedelta(seconds=1))
    model_group = "gpt-4o"
    exception_type = "RateLimitError"
    exception_string = "429 Too Many Requests"
    status_code = "429"


class AuditLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditLog

    changed_by = "test"
    action = "updated"
    table_name = "LiteLLM_TeamTable"
    object_id = factory.LazyFunction(new_uuid)
    before_value = factory.LazyFunction(lambda: {"team_alias": "old"})
    updated_values = factory.LazyFunction(lambda: {"team_alias": "new"})
