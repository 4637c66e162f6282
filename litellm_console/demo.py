"""Demo data: a small, believable LiteLLM world in an empty database, for demos and screenshots.

Rows are written the way the console writes them: one audited ``save()`` each, attributed to
``actor``; keys only through ``apps.keys.services.create_key`` (their raw values are dropped on
the spot); deployment params SecretBox-encrypted. Ids are deterministic (uuid5 or ``demo-...``) so
a second run recognises the first and does nothing. Spend logs are made by PostgreSQL itself in
one ``INSERT ... SELECT ... generate_series``: 100k+ rows in seconds.
"""

from __future__ import annotations

import json
import random
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from apps.access_requests.models import ModelAccessRequest
from apps.audit.context import acting_as
from apps.budgets.models import Budget
from apps.customers.models import Customer
from apps.deployments.models import ModelDeployment
from apps.keys import services as key_services
from apps.keys.models import VirtualKey
from apps.organizations.models import Organization
from apps.proxy_settings.models import ProxySetting
from apps.spend.models import SpendLog
from apps.teams.models import Team, TeamMembership
from apps.users.models import ProxyUser
from litellm_console.compat import durations, roles, secretbox
from litellm_console.compat.roles import UserRole
from litellm_console.demo_sql import ERROR_SQL, SPEND_SQL

DEFAULT_ACTOR = "system:load_demo_data"
DEFAULT_SPEND_ROWS = 120_000
KEY_COUNT = 200
ERROR_ROWS = 300
# Fixed, so every run on every machine derives the same ids: that is what makes a rerun a no-op.
NAMESPACE = uuid.UUID("0c9f6a52-5d2e-4c61-9a8e-5d0e3b7c1f24")
# Used only when neither LITELLM_SALT_KEY nor LITELLM_MASTER_KEY is set, so the deployments are
# still encrypted as LiteLLM stores them: a proxy started with LITELLM_MASTER_KEY set to this value
# can read them. Public on purpose; never use it for anything real.
DEMO_SIGNING_KEY = "sk-demo-signing-key-not-a-secret"

OPENAI, ANTHROPIC = "https://api.openai.com/v1", "https://api.anthropic.com"
AZURE, MISTRAL = "https://demo-eastus.openai.azure.com", "https://api.mistral.ai/v1"
# (public name, litellm model, api_base, USD per 1M prompt / completion tokens, traffic weight)
DEPLOYMENTS = (
    ("gpt-4o", "openai/gpt-4o", OPENAI, 2.5, 10.0, 3),
    ("gpt-4o", "azure/gpt-4o", AZURE, 2.5, 10.0, 2),
    ("gpt-4o-mini", "openai/gpt-4o-mini", OPENAI, 0.15, 0.6, 8),
    ("claude-3-5-sonnet", "anthropic/claude-3-5-sonnet-20240620", ANTHROPIC, 3.0, 15.0, 4),
    ("claude-3-haiku", "anthropic/claude-3-haiku-20240307", ANTHROPIC, 0.25, 1.25, 3),
    ("text-embedding-3-small", "openai/text-embedding-3-small", OPENAI, 0.02, 0.0, 5),
    ("o1-mini", "openai/o1-mini", OPENAI, 3.0, 12.0, 1),
    ("mistral-large", "mistral/mistral-large-latest", MISTRAL, 2.0, 6.0, 1),
)
MODEL_NAMES = sorted({d[0] for d in DEPLOYMENTS})
GPT, CLAUDE = ["gpt-4o", "gpt-4o-mini"], ["claude-3-5-sonnet", "claude-3-haiku"]
EMBED = ["text-embedding-3-small"]
# (alias, max budget, budget duration, models); [] means all models.
ORGS = (
    ("Acme Corp", 5000, "30d", []),
    ("Globex", 2000, "30d", [*GPT, *EMBED]),
    ("Initech", 1000, "1mo", []),
    ("Umbrella Research", 3000, "30d", [*CLAUDE, *EMBED]),
)
# (alias, org index, models, max budget, budget duration)
TEAMS = (
    ("Search Relevance", 0, [], 1500, "30d"),
    ("Support Assistant", 0, [*GPT, *EMBED], 800, "30d"),
    ("Data Platform", 0, [], None, None),
    ("Growth Analytics", 1, ["gpt-4o-mini", *EMBED], 300, "7d"),
    ("Mobile App", 1, GPT, 600, "30d"),
    ("Contract Review", 2, ["claude-3-5-sonnet", "gpt-4o"], 500, "30d"),
    ("Finance Ops", 2, ["gpt-4o-mini"], 100, "30d"),
    ("Genomics Lab", 3, [*CLAUDE, *EMBED], 2000, "30d"),
    ("Platform Engineering", None, [], None, None),
    ("Hackathon", None, ["gpt-4o-mini", "claude-3-haiku"], 50, "1d"),
)
PLATFORM_TEAM = 8
# These teams' keys serve apps with end users, so their logs carry an end_user.
END_USER_TEAMS = frozenset({"Support Assistant", "Mobile App", "Contract Review"})
FIRST = """Ava Ben Chloe Dev Elena Farid Grace Hugo Isla Jonas Kira Liam Maya Noah Olga Priya Quinn
Rafael Sara Tomas Uma Victor Wen Xavier Yara Zane Amir Bea Carlos Dana Emil Fatima Gus Hana Ivan
Jade Kofi Lena Marco Nina Oscar Paula Ravi Sofia Theo Ines Yusuf Zoe""".split()
LAST = "Novak Okafor Lindqvist Moreau Tanaka Silva Kowalski Haddad Brennan Ito Weber Costa".split()
ADJECTIVES = "Blue Northern Bright Silver Rapid Quiet Golden Red Open Clear".split()
CUSTOMERS = [f"{a} {n}" for n in ("Labs", "Health", "Logistics") for a in ADJECTIVES]
# The first people's roles; everyone after them is an internal_user.
ROLES = (
    [UserRole.PROXY_ADMIN] * 2 + [UserRole.PROXY_ADMIN_VIEWER] + [UserRole.INTERNAL_USER_VIEWER] * 6
)
PURPOSES = "notebook ci chatbot eval batch backend staging local-dev prod cli".split()
TAGS = ['["prod"]'] * 5 + ["[]"] * 3 + ['["batch", "eval"]', '["staging"]', '["prod", "chat"]']
# (exception type, message, status code, seconds until it failed); rate limits are most common.
ERRORS = [("RateLimitError", "Rate limit reached for requests", "429", 0.4)] * 4 + [
    ("Timeout", "Request timed out after 600.0 seconds.", "408", 600.0),
    ("BadRequestError", "Invalid 'messages': empty array.", "400", 0.2),
    ("ContextWindowExceededError", "Maximum context length is 128000 tokens.", "400", 0.3),
    ("InternalServerError", "The server had an error processing your request.", "500", 2.0),
    ("ServiceUnavailableError", "The engine is currently overloaded.", "503", 1.0),
]


@dataclass
class DemoSummary:
    """What one run did: rows created per table, and how long it took."""

    already_present: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def uid(kind: str, name: str) -> str:
    """Deterministic demo id: uuid5 of ``kind:name`` in the demo namespace."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{name}"))


def signing_key() -> str:
    """The secret the demo encrypts with: LiteLLM's own choice, else ``DEMO_SIGNING_KEY``."""
    return settings.LITELLM_SALT_KEY or settings.LITELLM_MASTER_KEY or DEMO_SIGNING_KEY


def deployment_params(model: str, api_base: str) -> dict[str, Any]:
    """A deployment's ``litellm_params`` before encryption.

    The provider key is an ``os.environ/`` reference that a real proxy resolves itself: the demo
    never invents a literal secret that a proxy would send to a provider.
    """
    provider = model.split("/", 1)[0]
    params = {
        "model": model,
        "api_base": api_base,
        "api_key": f"os.environ/{provider.upper()}_API_KEY",
    }
    if provider == "azure":
        params["api_version"] = "2024-08-01-preview"
    return params


def demo_present() -> bool:
    """True if an earlier run's rows are here: then the whole load does nothing.

    The load is one transaction, so these few probes stand for all of it; rows a partial clean-up
    left behind (a budget whose organization was deleted) are skipped one by one instead.
    """
    return any(
        probe.exists()
        for probe in (
            Organization.objects.filter(pk__in=[uid("org", o[0]) for o in ORGS]),
            Team.objects.filter(pk__in=[uid("team", t[0]) for t in TEAMS]),
            ProxyUser.objects.filter(pk__in=[p.user_id for p in _people()]),
            SpendLog.objects.filter(pk="demo-1"),
        )
    )


class NotADemoDatabase(Exception):
    """The database holds real LiteLLM data: demo rows must never be mixed into it."""


def real_data_present() -> str | None:
    """What non-demo LiteLLM data this database holds (users, keys, logs), or None.

    Demo deployments are encrypted with the proxy's real key and the demo adds admins and
    settings: loaded into a proxy's database they would be live. Only the rows a fresh proxy
    makes for itself (`default_user_id`, `litellm-proxy-budget`) are allowed.
    """
    demo_users = {p.user_id for p in _people()} | set(roles.SYSTEM_USER_IDS)
    demo_teams = [uid("team", t[0]) for t in TEAMS]
    checks = {
        "users": ProxyUser.objects.exclude(pk__in=demo_users),
        "virtual keys": VirtualKey.objects.exclude(user_id__in=demo_users).exclude(
            team_id__in=demo_teams
        ),
        "spend logs": SpendLog.objects.exclude(request_id__startswith="demo-"),
    }
    found = [name for name, qs in checks.items() if qs.exists()]
    return ", ".join(found) or None


def _insert(*objs: models.Model) -> int:
    """Save each object (all of one model) that is not there yet; return how many were created.

    One audited save each (bulk writes would skip the audit log, and are refused). Existing rows
    are kept as they are: default_user_id or config a real proxy made, leftovers of an earlier
    demo.
    """
    pks = [obj.pk for obj in objs]
    existing = set(type(objs[0]).objects.filter(pk__in=pks).values_list("pk", flat=True))
    new = [obj for obj in objs if obj.pk not in existing]
    for obj in new:
        obj.save(force_insert=True)
    return len(new)


def _budget(name: str, actor: str, now: datetime, amount: float, duration: str, **limits) -> Budget:
    reset = durations.next_budget_reset(duration, now)
    return Budget(
        budget_id=uid("budget", name),
        max_budget=amount,
        budget_duration=duration,
        budget_reset_at=reset,
        created_by=actor,
        updated_by=actor,
        **limits,
    )


def _personal_budget(amount: float, now: datetime) -> dict[str, Any]:
    reset = durations.next_budget_reset("30d", now)
    return {"max_budget": amount, "budget_duration": "30d", "budget_reset_at": reset}


@dataclass
class _Person:
    user_id: str
    email: str
    role: str
    name: str
    teams: list[str] = field(default_factory=list)


def _people() -> list[_Person]:
    """48 people: two proxy admins, an admin viewer, six internal viewers, the rest users."""
    people = []
    for i, first in enumerate(FIRST):
        name = f"{first} {LAST[(i * 7) % len(LAST)]}"
        email = name.lower().replace(" ", ".") + "@example.com"
        role = ROLES[i] if i < len(ROLES) else UserRole.INTERNAL_USER
        people.append(_Person(uid("user", email), email, str(role), name))
    return people


def _create_world(actor: str, now: datetime) -> tuple[list[_Person], list[str], dict[str, int]]:
    """Budgets, orgs, users, teams, memberships and customers; returns people and team ids."""
    orgs = [
        Organization(
            organization_id=uid("org", alias),
            organization_alias=alias,
            allowed_models=allowed,
            created_by=actor,
            updated_by=actor,
            budget=_budget(
                f"org:{alias}", actor, now, amount, duration, tpm_limit=2_000_000, rpm_limit=2000
            ),
        )
        for alias, amount, duration, allowed in ORGS
    ]
    team_ids = [uid("team", t[0]) for t in TEAMS]
    members: list[list[dict[str, str]]] = [[] for _ in TEAMS]
    people, memberships = _people(), []
    for i, p in enumerate(people):
        picks = [PLATFORM_TEAM] if i < 3 else [i % 10, (i * 3 + 1) % 10][: 1 + (i % 4 == 0)]
        for t in dict.fromkeys(picks):
            # Each team gets a first admin and an occasional second; viewers stay plain members.
            first = not any(m["role"] == "admin" for m in members[t])
            admin = p.role != UserRole.INTERNAL_USER_VIEWER and (first or i % 9 == 0)
            role = "admin" if admin else "user"
            members[t].append({"role": role, "user_id": p.user_id, "user_email": p.email})
            p.teams.append(team_ids[t])
            if (i + t) % 3 == 0:  # LiteLLM adds a membership row when a member has a budget
                budget = _budget(f"member:{p.user_id}:{t}", actor, now, 20 + i % 3 * 40, "30d")
                memberships.append(
                    TeamMembership(user_id=p.user_id, team_id=team_ids[t], budget=budget)
                )
    customers = [
        Customer(
            user_id=f"cust-{i + 1:04d}",
            alias=alias,
            blocked=i in (13, 27),
            budget=_budget(f"customer:{i}", actor, now, 10 * (1 + i % 4), "30d")
            if i % 3 == 0
            else None,
            allowed_model_region="eu" if i % 5 == 0 else "us" if i % 7 == 0 else None,
            default_model="gpt-4o-mini" if i % 4 == 0 else None,
        )
        for i, alias in enumerate(CUSTOMERS)
    ]
    budgets = [o.budget for o in [*orgs, *memberships, *customers] if o.budget is not None]
    counts = {"budgets": _insert(*budgets), "organizations": _insert(*orgs)}
    users = [
        ProxyUser(
            user_id=p.user_id,
            user_alias=p.name,
            user_email=p.email,
            user_role=p.role,
            teams=p.teams,
            organization=_org_of(p, team_ids, orgs),
            **(_personal_budget(25 * 2 ** (i % 4), now) if i % 3 == 1 else {}),
        )
        for i, p in enumerate(people)
    ]
    # The proxy admin that master-key logins act as, and the global-spend pseudo-user (LiteLLM
    # creates that one without a role).
    users.append(ProxyUser(user_id=roles.DEFAULT_USER_ID, user_role=str(UserRole.PROXY_ADMIN)))
    users.append(ProxyUser(user_id=roles.PROXY_BUDGET_USER_ID, **_personal_budget(5000, now)))
    counts["users"] = _insert(*users)
    teams = [
        Team(
            team_id=team_ids[t],
            team_alias=alias,
            organization=orgs[o] if o is not None else None,
            allowed_models=allowed,
            max_budget=amount,
            budget_duration=duration,
            budget_reset_at=durations.next_budget_reset(duration, now),
            members_with_roles=members[t],
            tpm_limit=500_000 if amount else None,
            rpm_limit=500 if amount else None,
        )
        for t, (alias, o, allowed, amount, duration) in enumerate(TEAMS)
    ]
    counts["teams"] = _insert(*teams)
    counts["team memberships"] = _insert(*memberships)
    counts["customers"] = _insert(*customers)
    return people, team_ids, counts


def _org_of(person: _Person, team_ids: list[str], orgs: list[Organization]) -> Organization | None:
    # A user belongs to the organization of their first team, as an org admin would set it.
    org = TEAMS[team_ids.index(person.teams[0])][1]
    return orgs[org] if org is not None else None


def _create_keys(
    people: list[_Person], team_ids: list[str], now: datetime
) -> tuple[list[dict], int]:
    """200 keys through the real create_key path; returns what the spend SQL needs of each.

    The raw keys are dropped on the spot. Every random draw happens whether or not a key is
    created, so the aliases (the keys' identity across runs) never shift.
    """
    rng = random.Random(20240607)
    keys, created = [], 0
    for i in range(KEY_COUNT):
        r = rng.random()  # 3% the proxy admin's own, 20% team service keys, the rest people's
        person = None if r < 0.23 else rng.choice(people)
        user_id = roles.DEFAULT_USER_ID if r < 0.03 else person.user_id if person else None
        if person and rng.random() < 0.9:
            t = team_ids.index(rng.choice(person.teams))
        else:
            t = rng.randrange(len(TEAMS)) if user_id is None else None
        team = TEAMS[t] if t is not None else None
        pool = (team[2] if team else []) or MODEL_NAMES
        m = rng.random()
        if m < 0.55:
            allowed = []
        elif m < 0.7 and team:
            allowed = [roles.ALL_TEAM_MODELS]
        else:
            allowed = sorted(rng.sample(pool, min(len(pool), rng.randint(1, 2))))
        owner = team[0] if team else person.name.split()[0] if person else "admin"
        slug = re.sub(r"\W+", "-", owner.lower())
        alias = f"{slug}-{rng.choice(PURPOSES)}-{i:03d}"
        duration, made_at, e = None, now, rng.random()
        if e < 0.10:  # expired 1-20 days ago: made one duration (plus that) back in time
            duration = rng.choice(["7d", "30d"])
            made_at = now - durations.parse_duration(duration) - timedelta(days=rng.uniform(1, 20))
        elif e < 0.18:  # expires within the next week
            duration = "30d"
            made_at = now - timedelta(days=30) + timedelta(hours=rng.uniform(6, 160))
        elif e < 0.30:
            duration = rng.choice(["90d", "180d"])
        budget = rng.choice([5, 10, 25, 50, 100, 250]) if rng.random() < 0.35 else None
        # A backdated key would get a budget reset in the past: only current keys get a period.
        period = rng.choice([None, "30d", "7d", "1d"]) if budget and made_at == now else None
        limits = {
            "rpm_limit": rng.choice([None, None, None, 60, 500]),
            "tpm_limit": rng.choice([None, None, None, 100_000, 500_000]),
        }
        key = VirtualKey.objects.filter(key_alias=alias).first()  # left from an earlier demo
        if key is None:
            key = key_services.create_key(
                user_id=user_id,
                team_id=team_ids[t] if team else None,
                key_alias=alias,
                allowed_models=allowed,
                duration=duration,
                now=made_at,
                max_budget=budget,
                budget_duration=period,
                **limits,
            ).key
            created += 1
        # The key's traffic mix: 8 weighted picks among the deployments it may call.
        usable = [a for a in allowed if a in MODEL_NAMES] or pool
        choices = [n for n, d in enumerate(DEPLOYMENTS) if d[0] in usable]
        slots = rng.choices(choices, [DEPLOYMENTS[c][5] for c in choices], k=8)
        keys.append(
            {
                "i": i + 1,
                "tok": key.token,
                "alias": alias,
                "usr": user_id or "",
                "team": key.team_id or "",
                "talias": team[0] if team else "",
                # Always +00:00, which PostgreSQL drops when it reads a plain timestamp.
                "exp": key.expires.astimezone(UTC).isoformat() if key.expires else None,
                "slots": [s + 1 for s in slots],
                "ip": f"10.1.{i // 100}.{i % 100 + 10}",
                "serves": bool(team and team[0] in END_USER_TEAMS),
            }
        )
    # After its expiry, an expired key's traffic moves to a live key of the same owner and team
    # (or any live key), as a person whose key expired would switch.
    live = [k for k in keys if k["exp"] is None or datetime.fromisoformat(k["exp"]) > now]
    for k in keys:
        same = [s for s in live if (s["usr"], s["team"]) == (k["usr"], k["team"])]
        k["succ"] = (same or live)[k["i"] % len(same or live)]["i"]
    return keys, created


def _create_config(people: list[_Person], actor: str) -> dict[str, int]:
    """Deployments (encrypted), LiteLLM_Config sections and model access requests."""
    deployments = []
    for name, model, api_base, price_in, price_out, _ in DEPLOYMENTS:
        model_id = uid("deployment", model)
        params = secretbox.encrypt_params(deployment_params(model, api_base), signing_key())
        info = {
            "id": model_id,
            "db_model": True,
            "base_model": name,
            "mode": "embedding" if "embedding" in name else "chat",
            "input_cost_per_token": price_in / 1e6,
            "output_cost_per_token": price_out / 1e6,
        }
        deployments.append(
            ModelDeployment(
                model_id=model_id,
                model_name=name,
                litellm_params=params,
                model_info=info,
                created_by=actor,
                updated_by=actor,
            )
        )
    sections = {
        "general_settings": {"store_model_in_db": True, "max_parallel_requests": 200},
        "router_settings": {"routing_strategy": "simple-shuffle", "num_retries": 2, "timeout": 600},
        "litellm_settings": {"drop_params": True, "max_budget": 5000, "budget_duration": "30d"},
    }
    asks = [
        (12, ["gpt-4o"], "pending", "Summarising long customer threads"),
        (17, ["claude-3-5-sonnet"], "pending", "Comparing answer quality for legal review"),
        (23, ["o1-mini"], "pending", "Reasoning benchmarks for the eval suite"),
        (30, ["gpt-4o", "text-embedding-3-small"], "approved", "RAG prototype"),
        (41, ["mistral-large"], "disapproved", "Just curious"),
    ]
    requests = [
        ModelAccessRequest(
            request_id=uid("access-request", str(i)),
            user_id=people[i].user_id,
            requested_models=m,
            status=s,
            justification=j,
        )
        for i, m, s, j in asks
    ]
    return {
        "deployments": _insert(*deployments),
        "config sections": sum(
            _insert(ProxySetting(param_name=k, param_value=v)) for k, v in sections.items()
        ),
        "access requests": _insert(*requests),
    }


def _sql_params(keys: list[dict[str, Any]], now: datetime, rows: int) -> dict[str, Any]:
    deps = [
        {
            "i": n,
            "grp": name,
            "model": model.split("/", 1)[1],
            "id": uid("deployment", model),
            "base": base,
            "embed": "embedding" in name,
            "price_in": p_in,
            "price_out": p_out,
        }
        for n, (name, model, base, p_in, p_out, _) in enumerate(DEPLOYMENTS, start=1)
    ]
    errs = [
        dict(zip(("i", "type", "msg", "code", "latency"), (n, *e), strict=True))
        for n, e in enumerate(ERRORS, start=1)
    ]
    return {
        "keys": json.dumps(keys),
        "deps": json.dumps(deps),
        "errs": json.dumps(errs),
        "nkeys": len(keys),
        "ndeps": len(deps),
        "nerrs": len(errs),
        "tags": TAGS,
        "ntags": len(TAGS),
        "cust": [f"cust-{i:04d}" for i in range(1, len(CUSTOMERS) + 1)],
        "ncust": len(CUSTOMERS),
        "now": now.astimezone(UTC).replace(tzinfo=None),
        "rows": rows,
        "erows": ERROR_ROWS,
    }


def load_demo_data(
    *, spend_rows: int = DEFAULT_SPEND_ROWS, actor: str = DEFAULT_ACTOR, now: datetime | None = None
) -> DemoSummary:
    """Fill the database with the demo world; a no-op when an earlier run's rows are present.

    Everything happens in one transaction, attributed to ``actor`` (created_by/updated_by and
    the audit log). Timestamps are relative to ``now`` (default: the current time).
    """
    started = time.monotonic()
    now = now or timezone.now()
    summary = DemoSummary()
    with transaction.atomic(), acting_as(actor):
        if demo_present():
            summary.already_present = True
            return summary
        real = real_data_present()
        if real:
            raise NotADemoDatabase(
                f"this database already holds LiteLLM data that is not the demo's ({real}); "
                "demo data is only loaded into an empty database"
            )
        people, team_ids, counts = _create_world(actor, now)
        keys, counts["keys"] = _create_keys(people, team_ids, now)
        counts.update(_create_config(people, actor))
        params = _sql_params(keys, now, spend_rows)
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(0.42)")  # the same logs on every fresh load
            cursor.execute(SPEND_SQL, params)
            counts["spend logs"] = cursor.fetchone()[0]
            cursor.execute(ERROR_SQL, params)
            counts["error logs"] = cursor.rowcount
    summary.counts = counts
    summary.seconds = time.monotonic() - started
    return summary
