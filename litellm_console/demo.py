"""Demo data: a small, believable LiteLLM world in an empty database, for demos and screenshots.

Rows are written the way the console writes them: one audited ``save()`` each, attributed to
``actor``; keys only through ``apps.keys.services.create_key`` (their raw values are dropped on
the spot); deployment params SecretBox-encrypted. Ids are deterministic (uuid5 or ``demo-...``) so
a second run recognises the first and does nothing. Spend logs are made by PostgreSQL itself in
one ``INSERT ... SELECT ... generate_series``: 100k+ rows in seconds.
"""

from __future__ import annotations

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
from apps.organizations.models import Organization
from apps.proxy_settings.models import ProxySetting
from apps.teams.models import Team, TeamMembership
from apps.users.models import ProxyUser
from litellm_console.compat import durations, roles, secretbox
from litellm_console.compat.roles import UserRole

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


@dataclass(frozen=True)
class DemoDeployment:
    """A deployment and its share of the traffic; prices are USD per million tokens."""

    name: str
    params: dict[str, Any]
    mode: str
    price_in: float
    price_out: float
    weight: int

    @property
    def model_id(self) -> str:
        return uid("deployment", self.params["model"])


def _dep(
    name: str,
    model: str,
    base: str,
    env: str,
    prices: tuple[float, float],
    weight: int,
    **extra: Any,
) -> DemoDeployment:
    # Provider keys are os.environ/ references, which a real proxy resolves itself: the demo
    # never invents a literal secret that a proxy would send to a provider.
    params = {"model": model, "api_base": base, "api_key": f"os.environ/{env}", **extra}
    mode = "embedding" if "embedding" in name else "chat"
    return DemoDeployment(name, params, mode, prices[0], prices[1], weight)


OPENAI, ANTHROPIC = "https://api.openai.com/v1", "https://api.anthropic.com"
DEPLOYMENTS: tuple[DemoDeployment, ...] = (
    _dep("gpt-4o", "openai/gpt-4o", OPENAI, "OPENAI_API_KEY", (2.5, 10.0), 3, rpm=500),
    _dep(
        "gpt-4o",
        "azure/gpt-4o",
        "https://demo-eastus.openai.azure.com",
        "AZURE_API_KEY",
        (2.5, 10.0),
        2,
        api_version="2024-08-01-preview",
        rpm=300,
    ),
    _dep(
        "gpt-4o-mini", "openai/gpt-4o-mini", OPENAI, "OPENAI_API_KEY", (0.15, 0.6), 8, tpm=2_000_000
    ),
    _dep(
        "claude-3-5-sonnet",
        "anthropic/claude-3-5-sonnet-20240620",
        ANTHROPIC,
        "ANTHROPIC_API_KEY",
        (3.0, 15.0),
        4,
    ),
    _dep(
        "claude-3-haiku",
        "anthropic/claude-3-haiku-20240307",
        ANTHROPIC,
        "ANTHROPIC_API_KEY",
        (0.25, 1.25),
        3,
    ),
    _dep(
        "text-embedding-3-small",
        "openai/text-embedding-3-small",
        OPENAI,
        "OPENAI_API_KEY",
        (0.02, 0.0),
        5,
    ),
    _dep("o1-mini", "openai/o1-mini", OPENAI, "OPENAI_API_KEY", (3.0, 12.0), 1),
    _dep(
        "mistral-large",
        "mistral/mistral-large-latest",
        "https://api.mistral.ai/v1",
        "MISTRAL_API_KEY",
        (2.0, 6.0),
        1,
    ),
)
MODEL_NAMES = sorted({d.name for d in DEPLOYMENTS})
GPT, CLAUDE, EMBED = (
    ["gpt-4o", "gpt-4o-mini"],
    ["claude-3-5-sonnet", "claude-3-haiku"],
    ["text-embedding-3-small"],
)
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
FIRST = (
    "Ava Ben Chloe Dev Elena Farid Grace Hugo Isla Jonas Kira Liam Maya Noah Olga Priya "
    "Quinn Rafael Sara Tomas Uma Victor Wen Xavier Yara Zane Amir Bea Carlos Dana Emil "
    "Fatima Gus Hana Ivan Jade Kofi Lena Marco Nina Oscar Paula Ravi Sofia Theo Ines "
    "Yusuf Zoe"
).split()
LAST = "Novak Okafor Lindqvist Moreau Tanaka Silva Kowalski Haddad Brennan Ito Weber Costa".split()
CUSTOMERS = [
    f"{a} {n}"
    for n in ("Labs", "Health", "Logistics")
    for a in "Blue Northern Bright Silver Rapid Quiet Golden Red Open Clear".split()
]
PURPOSES = "notebook ci chatbot eval batch backend staging local-dev prod cli".split()
TAGS = ['["prod"]'] * 5 + ["[]"] * 3 + ['["batch", "eval"]', '["staging"]', '["prod", "chat"]']
ERRORS = [
    ("RateLimitError", "litellm.RateLimitError: Rate limit reached for requests", "429", 0.4)
] * 4 + [
    ("Timeout", "litellm.Timeout: Request timed out after 600.0 seconds.", "408", 600.0),
    ("BadRequestError", "litellm.BadRequestError: Invalid 'messages': empty array.", "400", 0.2),
    (
        "ContextWindowExceededError",
        "litellm.ContextWindowExceededError: This model's maximum context length is 128000 tokens.",
        "400",
        0.3,
    ),
    ("InternalServerError", "litellm.InternalServerError: The server had an error.", "500", 2.0),
    ("ServiceUnavailableError", "litellm.ServiceUnavailableError: Overloaded.", "503", 1.0),
]


@dataclass
class DemoSummary:
    """What one run did: rows created per table, and how long it took."""

    already_present: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class _Key:
    """What the spend SQL needs about one created key (never the raw key)."""

    token: str
    alias: str
    user_id: str
    team_id: str
    team_alias: str
    expires: datetime | None
    slots: list[int]
    serves_end_users: bool


def uid(kind: str, name: str) -> str:
    """Deterministic demo id: uuid5 of ``kind:name`` in the demo namespace."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{name}"))


def signing_key() -> str:
    """The secret the demo encrypts with: LiteLLM's own choice, else ``DEMO_SIGNING_KEY``."""
    return settings.LITELLM_SALT_KEY or settings.LITELLM_MASTER_KEY or DEMO_SIGNING_KEY


def demo_present() -> bool:
    """True if an earlier run's rows are here (the load is one transaction: all or nothing)."""
    return Organization.objects.filter(pk__in=[uid("org", o[0]) for o in ORGS]).exists()


def _insert(*objs: models.Model) -> int:
    # One audited save each (bulk writes would skip the audit log and are refused).
    for obj in objs:
        obj.save(force_insert=True)
    return len(objs)


def _insert_missing(obj: models.Model) -> int:
    # Rows a real proxy creates itself (default_user_id, its config): keep the proxy's.
    return 0 if type(obj).objects.filter(pk=obj.pk).exists() else _insert(obj)


def _budget(
    name: str,
    actor: str,
    now: datetime,
    max_budget: float | None,
    duration: str | None,
    **limits: Any,
) -> Budget:
    return Budget(
        budget_id=uid("budget", name),
        max_budget=max_budget,
        budget_duration=duration,
        budget_reset_at=durations.next_budget_reset(duration, now),
        created_by=actor,
        updated_by=actor,
        **limits,
    )


def _people() -> list[dict[str, Any]]:
    """48 people: two proxy admins, an admin viewer, six internal viewers, the rest users."""
    result = []
    for i, first in enumerate(FIRST):
        last = LAST[(i * 7) % len(LAST)]
        email = f"{first.lower()}.{last.lower()}@example.com"
        role = (
            UserRole.PROXY_ADMIN
            if i < 2
            else UserRole.PROXY_ADMIN_VIEWER
            if i == 2
            else UserRole.INTERNAL_USER_VIEWER
            if i < 9
            else UserRole.INTERNAL_USER
        )
        result.append(
            {
                "user_id": uid("user", email),
                "email": email,
                "role": str(role),
                "name": f"{first} {last}",
                "teams": [],
            }
        )
    return result


def _create_world(actor: str, now: datetime) -> tuple[list[dict], list[str], dict[str, int]]:
    """Budgets, orgs, users, teams, memberships and customers; returns people and team ids."""
    orgs = [
        Organization(
            organization_id=uid("org", a),
            organization_alias=a,
            allowed_models=m,
            budget=_budget(f"org:{a}", actor, now, mb, dur, rpm_limit=2000, tpm_limit=2_000_000),
            created_by=actor,
            updated_by=actor,
        )
        for a, mb, dur, m in ORGS
    ]
    team_ids = [uid("team", t[0]) for t in TEAMS]
    members: list[list[dict[str, str]]] = [[] for _ in TEAMS]
    people, memberships = _people(), []
    for i, person in enumerate(people):
        picks = [PLATFORM_TEAM] if i < 3 else [i % 10, (i * 3 + 1) % 10][: 2 if i % 4 == 0 else 1]
        for t in dict.fromkeys(picks):
            # Each team gets a first admin and an occasional second; viewers stay plain members.
            may_admin = person["role"] != UserRole.INTERNAL_USER_VIEWER
            admin = may_admin and (not any(m["role"] == "admin" for m in members[t]) or i % 9 == 0)
            members[t].append(
                {
                    "role": "admin" if admin else "user",
                    "user_id": person["user_id"],
                    "user_email": person["email"],
                }
            )
            person["teams"].append(team_ids[t])
            if (i + t) % 3 == 0:  # LiteLLM adds a membership row when a member has a budget
                budget = _budget(
                    f"member:{person['user_id']}:{t}", actor, now, 20 + i % 3 * 40, "30d"
                )
                memberships.append(
                    TeamMembership(user_id=person["user_id"], team_id=team_ids[t], budget=budget)
                )
    customers = [
        Customer(
            user_id=f"cust-{i + 1:04d}",
            alias=alias,
            budget=(
                _budget(f"customer:{i}", actor, now, (10, 25, 50, 100)[i % 4], "30d")
                if i % 3 == 0
                else None
            ),
            allowed_model_region="eu" if i % 5 == 0 else "us" if i % 7 == 0 else None,
            default_model="gpt-4o-mini" if i % 4 == 0 else None,
            blocked=i in (13, 27),
        )
        for i, alias in enumerate(CUSTOMERS)
    ]
    budgets = [o.budget for o in [*orgs, *memberships, *customers] if o.budget is not None]
    counts = {"budgets": _insert(*budgets), "organizations": _insert(*orgs)}
    counts["users"] = _insert(
        *[
            ProxyUser(
                user_id=p["user_id"],
                user_alias=p["name"],
                user_email=p["email"],
                user_role=p["role"],
                teams=p["teams"],
                organization=_org_of(p, team_ids, orgs),
                **(_personal_budget(i, now) if i % 3 == 1 else {}),
            )
            for i, p in enumerate(people)
        ]
    )
    # The proxy admin that master-key logins act as, and the global-spend pseudo-user (LiteLLM
    # creates that one without a role).
    counts["users"] += _insert_missing(
        ProxyUser(user_id=roles.DEFAULT_USER_ID, user_role=str(UserRole.PROXY_ADMIN))
    )
    counts["users"] += _insert_missing(
        ProxyUser(user_id=roles.PROXY_BUDGET_USER_ID, **_personal_budget(3, now, 5000.0))
    )
    counts["teams"] = _insert(
        *[
            Team(
                team_id=team_ids[t],
                team_alias=a,
                organization=orgs[o] if o is not None else None,
                allowed_models=models,
                max_budget=mb,
                budget_duration=dur,
                budget_reset_at=durations.next_budget_reset(dur, now),
                members_with_roles=members[t],
                tpm_limit=500_000 if mb else None,
                rpm_limit=500 if mb else None,
            )
            for t, (a, o, models, mb, dur) in enumerate(TEAMS)
        ]
    )
    counts["team memberships"] = _insert(*memberships)
    counts["customers"] = _insert(*customers)
    return people, team_ids, counts


def _org_of(person: dict, team_ids: list[str], orgs: list[Organization]) -> Organization | None:
    # A user belongs to the organization of their first team, as an org admin would set it.
    org = TEAMS[team_ids.index(person["teams"][0])][1] if person["teams"] else None
    return orgs[org] if org is not None else None


def _personal_budget(i: int, now: datetime, amount: float | None = None) -> dict[str, Any]:
    return {
        "max_budget": amount or (25, 50, 100, 200)[i % 4],
        "budget_duration": "30d",
        "budget_reset_at": durations.next_budget_reset("30d", now),
    }


def _create_keys(people: list[dict], team_ids: list[str], now: datetime) -> list[_Key]:
    """200 keys through the real create_key path; the raw keys are dropped on the spot."""
    rng = random.Random(20240607)
    keys: list[_Key] = []
    for i in range(KEY_COUNT):
        r = rng.random()  # 3% the proxy admin's own, 20% team service keys, the rest people's
        person = None if r < 0.23 else rng.choice(people)
        user_id = roles.DEFAULT_USER_ID if r < 0.03 else person["user_id"] if person else None
        if person and person["teams"] and rng.random() < 0.9:
            t = team_ids.index(rng.choice(person["teams"]))
        else:
            t = rng.randrange(len(TEAMS)) if user_id is None else None
        pool = (TEAMS[t][2] if t is not None else []) or MODEL_NAMES
        m = rng.random()
        allowed = (
            []
            if m < 0.55
            else [roles.ALL_TEAM_MODELS]
            if m < 0.7 and t is not None
            else sorted(rng.sample(pool, min(len(pool), rng.randint(1, 2))))
        )
        usable = [a for a in allowed if a in MODEL_NAMES] or pool
        owner = (
            _slug(TEAMS[t][0])
            if t is not None
            else person["name"].split()[0].lower()
            if person
            else "admin"
        )
        alias = f"{owner}-{rng.choice(PURPOSES)}-{i:03d}"
        duration, made_at, e = None, now, rng.random()
        if e < 0.10:  # expired 1-20 days ago: made one duration (plus that) back in time
            duration = rng.choice(["7d", "30d"])
            made_at = now - durations.parse_duration(duration) - timedelta(days=rng.uniform(1, 20))
        elif e < 0.18:  # expires within the next week
            duration = "30d"
            made_at = now - timedelta(days=30) + timedelta(hours=rng.uniform(6, 160))
        elif e < 0.30:
            duration = rng.choice(["90d", "180d"])
        has_budget = rng.random() < 0.35
        row = key_services.create_key(
            user_id=user_id,
            team_id=team_ids[t] if t is not None else None,
            key_alias=alias,
            allowed_models=allowed,
            duration=duration,
            now=made_at,
            max_budget=rng.choice([5, 10, 25, 50, 100, 250]) if has_budget else None,
            # A backdated key would get a reset time in the past: only current keys get one.
            budget_duration=rng.choice([None, "30d", "7d", "1d"])
            if has_budget and made_at == now
            else None,
            rpm_limit=rng.choice([60, 100, 500]) if rng.random() < 0.2 else None,
            tpm_limit=rng.choice([100_000, 500_000]) if rng.random() < 0.2 else None,
        ).key
        # Each key gets 8 weighted picks of the deployments it may use: its traffic mix.
        candidates = [n for n, d in enumerate(DEPLOYMENTS) if d.name in usable]
        slots = rng.choices(candidates, [DEPLOYMENTS[c].weight for c in candidates], k=8)
        keys.append(
            _Key(
                row.token,
                alias,
                user_id or "",
                row.team_id or "",
                TEAMS[t][0] if t is not None else "",
                row.expires,
                [c + 1 for c in slots],
                t is not None and TEAMS[t][0] in END_USER_TEAMS,
            )
        )
    return keys


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _create_config_and_requests(people: list[dict], actor: str) -> dict[str, int]:
    """Deployments (encrypted), LiteLLM_Config sections and model access requests."""
    secret = signing_key()
    deployments = [
        ModelDeployment(
            model_id=d.model_id,
            model_name=d.name,
            created_by=actor,
            updated_by=actor,
            litellm_params=secretbox.encrypt_params(d.params, secret),
            model_info={
                "id": d.model_id,
                "db_model": True,
                "base_model": d.name,
                "mode": d.mode,
                "input_cost_per_token": d.price_in / 1e6,
                "output_cost_per_token": d.price_out / 1e6,
            },
        )
        for d in DEPLOYMENTS
    ]
    sections = {
        "general_settings": {
            "store_model_in_db": True,
            "max_parallel_requests": 200,
            "proxy_batch_write_at": 10,
        },
        "router_settings": {
            "routing_strategy": "simple-shuffle",
            "num_retries": 2,
            "timeout": 600,
            "allowed_fails": 3,
            "cooldown_time": 30,
        },
        "litellm_settings": {
            "drop_params": True,
            "request_timeout": 600,
            "max_budget": 5000,
            "budget_duration": "30d",
            "cache": True,
        },
    }
    asks = [
        (12, ["gpt-4o"], "pending", "Summarising long customer threads"),
        (17, ["claude-3-5-sonnet"], "pending", "Comparing answer quality for legal review"),
        (23, ["o1-mini"], "pending", "Reasoning benchmarks for the eval suite"),
        (30, ["gpt-4o", "text-embedding-3-small"], "approved", "RAG prototype"),
        (41, ["mistral-large"], "disapproved", "Just curious"),
    ]
    return {
        "deployments": _insert(*deployments),
        "config sections": sum(
            _insert_missing(ProxySetting(param_name=k, param_value=v)) for k, v in sections.items()
        ),
        "access requests": _insert(
            *[
                ModelAccessRequest(
                    request_id=uid("access-request", f"{i}:{m}"),
                    user_id=people[i]["user_id"],
                    requested_models=m,
                    status=s,
                    justification=j,
                )
                for i, m, s, j in asks
            ]
        ),
    }


def _sql_params(keys: list[_Key], now: datetime, rows: int) -> dict[str, Any]:
    # After its expiry, an expired key's traffic moves to a live key of the same owner and team
    # (or any live key), as a person whose key expired would switch.
    live = [n for n, k in enumerate(keys) if k.expires is None or k.expires > now]
    successor = [
        1
        + next(
            (n for n in live if (keys[n].user_id, keys[n].team_id) == (k.user_id, k.team_id)),
            live[i % len(live)],
        )
        for i, k in enumerate(keys)
    ]
    deps = DEPLOYMENTS
    return {
        "tok": [k.token for k in keys],
        "usr": [k.user_id for k in keys],
        "team": [k.team_id for k in keys],
        "alias": [k.alias for k in keys],
        "talias": [k.team_alias for k in keys],
        "serves": [k.serves_end_users for k in keys],
        "ip": [f"10.1.{n // 100}.{n % 100 + 10}" for n in range(len(keys))],
        "exp": [
            k.expires.astimezone(UTC).replace(tzinfo=None) if k.expires else None for k in keys
        ],
        "succ": successor,
        "slots": [k.slots for k in keys],
        "nkeys": len(keys),
        "dgroup": [d.name for d in deps],
        "dbase": [d.params["api_base"] for d in deps],
        "dmodel": [d.params["model"].split("/", 1)[1] for d in deps],
        "did": [d.model_id for d in deps],
        "dembed": [d.mode == "embedding" for d in deps],
        "din": [d.price_in for d in deps],
        "dout": [d.price_out for d in deps],
        "ndep": len(deps),
        "cust": [f"cust-{i:04d}" for i in range(1, len(CUSTOMERS) + 1)],
        "ncust": len(CUSTOMERS),
        "tags": TAGS,
        "ntags": len(TAGS),
        "nerr": len(ERRORS),
        "etype": [e[0] for e in ERRORS],
        "emsg": [e[1] for e in ERRORS],
        "ecode": [e[2] for e in ERRORS],
        "elat": [e[3] for e in ERRORS],
        "now": now.astimezone(UTC).replace(tzinfo=None),
        "rows": rows,
        "erows": ERROR_ROWS,
    }


# Per-key and per-deployment values arrive as parallel arrays and become small tables joined by
# position: a hash join per row is far cheaper than subscripting long text arrays per row.
_INPUT_CTES = """keys AS (SELECT * FROM unnest(%(tok)s::text[], %(usr)s::text[], %(team)s::text[],
    %(alias)s::text[], %(talias)s::text[], %(serves)s::bool[], %(ip)s::text[],
    %(exp)s::timestamp[], %(succ)s::int[]) WITH ORDINALITY
    AS k(tok, usr, team, alias, talias, serves, ip, exp, succ, i)),
  slots AS (SELECT * FROM unnest(%(slots)s::int[]) WITH ORDINALITY AS s(dep, i)),
  deps AS (SELECT * FROM unnest(%(dgroup)s::text[], %(dmodel)s::text[], %(did)s::text[],
    %(dbase)s::text[], %(dembed)s::bool[], %(din)s::float8[], %(dout)s::float8[])
    WITH ORDINALITY AS d(grp, model, id, base, embed, price_in, price_out, i)),
  errs AS (SELECT * FROM unnest(%(etype)s::text[], %(emsg)s::text[], %(ecode)s::text[],
    %(elat)s::float8[]) WITH ORDINALITY AS e(type, msg, code, latency, i))"""

# MATERIALIZED: each random() is drawn once per row and reused by every later expression.
# Keys are skewed (a few busy ones); 80% of traffic falls in 8-18 UTC, peaking at 13; 70% of
# weekend rows take a second, usually weekday, draw. Tokens are log-normal (Box-Muller); 4% are
# cache hits, which cost nothing. Only the seed layout's columns are written.
SPEND_SQL = f"""WITH {_INPUT_CTES}, draw AS MATERIALIZED (
  SELECT n, 1 + floor(power(random(), 1.7) * %(nkeys)s)::int k0, 1 + floor(random() * 8)::int s,
    floor(random() * 30)::int d1, floor(random() * 30)::int d2, random() uw,
    CASE WHEN random() < 0.8 THEN 8 + 5 * (random() + random()) ELSE 24 * random() END hr,
    sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) z1,
    sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) z2, random() < 0.04 cached,
    random() ul, random() ut, random() uc, 1 + floor(random() * %(ncust)s)::int c,
    1 + floor(random() * %(ntags)s)::int tg, %(now)s::timestamp now
  FROM generate_series(1, %(rows)s) n)
INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, api_key, spend, total_tokens,
  prompt_tokens, completion_tokens, "startTime", "endTime", "completionStartTime", model, model_id,
  model_group, api_base, "user", metadata, cache_hit, cache_key, request_tags, team_id, end_user,
  requester_ip_address)
SELECT 'demo-' || n, CASE WHEN embed THEN 'aembedding' ELSE 'acompletion' END, k.tok,
  CASE WHEN cached THEN 0 ELSE (pt * price_in + ct * price_out) / 1e6 END, pt + ct, pt, ct,
  st, st + lat * interval '1 second', st + interval '1 second'
    * CASE WHEN embed OR cached THEN lat ELSE least(lat, 0.15 + 0.6 * ut) END,
  d.model, d.id, d.grp, d.base, k.usr,
  jsonb_build_object('user_api_key_alias', k.alias, 'user_api_key_team_id', nullif(k.team, ''),
    'user_api_key_team_alias', nullif(k.talias, ''), 'user_api_key_user_id', nullif(k.usr, '')),
  CASE WHEN cached THEN 'True' ELSE 'False' END, md5('demo-' || n),
  (%(tags)s::text[])[tg]::jsonb, k.team,
  CASE WHEN k.serves AND uc < 0.7 THEN (%(cust)s::text[])[c] ELSE '' END, k.ip
FROM draw
CROSS JOIN LATERAL (SELECT date_trunc('day', now) + hr * interval '1 hour' - interval '1 day'
  * CASE WHEN extract(isodow FROM now - d1 * interval '1 day') >= 6 AND uw < 0.7 THEN d2
    ELSE d1 END AS s0) a
CROSS JOIN LATERAL (SELECT CASE WHEN s0 > now THEN s0 - interval '1 day' ELSE s0 END st) b
JOIN keys first ON first.i = k0
JOIN keys k ON k.i = CASE WHEN st >= first.exp THEN first.succ ELSE k0 END
JOIN slots ON slots.i = (k.i - 1) * 8 + s
JOIN deps d ON d.i = slots.dep
CROSS JOIN LATERAL (SELECT
  CASE WHEN embed THEN least(8000, greatest(4, round(exp(ln(60) + z1))))
    ELSE least(60000, greatest(12, round(exp(ln(700) + 1.1 * z1)))) END::int pt,
  CASE WHEN embed THEN 0 ELSE least(8000, greatest(1, round(exp(ln(220) + 0.9 * z2)))) END::int ct
  ) t
CROSS JOIN LATERAL (SELECT CASE WHEN cached THEN 0.02 + 0.05 * ul WHEN embed THEN 0.05 + 0.2 * ul
  ELSE 0.3 + ct * (0.008 + 0.012 * ul) END lat) l
ON CONFLICT (request_id) DO NOTHING"""

ERROR_SQL = f"""WITH {_INPUT_CTES}, draw AS MATERIALIZED (
  SELECT n, 1 + floor(random() * %(ndep)s)::int di, 1 + floor(random() * %(nerr)s)::int ei,
    1 + floor(random() * %(nkeys)s)::int ki, random() u,
    %(now)s::timestamp - interval '1 minute' - random() * interval '29 days' st
  FROM generate_series(1, %(erows)s) n)
INSERT INTO "LiteLLM_ErrorLogs" (request_id, "startTime", "endTime", api_base, model_group,
  litellm_model_name, model_id, request_kwargs, exception_type, exception_string, status_code)
SELECT 'demo-err-' || n, st, st + e.latency * (0.5 + u) * interval '1 second', d.base, d.grp,
  d.model, d.id, jsonb_build_object('model', d.grp, 'metadata',
    jsonb_build_object('user_api_key_alias', k.alias)), e.type, e.msg, e.code
FROM draw JOIN deps d ON d.i = di JOIN errs e ON e.i = ei JOIN keys k ON k.i = ki
ON CONFLICT (request_id) DO NOTHING"""

# This is the demo loader standing in for the proxy's spend writer, which adds each batch's cost
# to these rows with `spend = spend + x`: here the demo logs' sums are added once. Raw SQL on
# purpose: the proxy's spend writes are not audited either.
_DEMO_LOGS = """WITH demo AS (SELECT * FROM "LiteLLM_SpendLogs"
  WHERE starts_with(request_id, 'demo-'))"""
ROLL_UP_SQL = [
    f"""{_DEMO_LOGS} UPDATE "{table}" AS r SET spend = r.spend + s.total
  FROM (SELECT {group} AS id, sum(spend) AS total FROM demo GROUP BY 1) s WHERE {match} = s.id"""
    for table, group, match in (
        ("LiteLLM_VerificationToken", "api_key", "r.token"),
        ("LiteLLM_UserTable", '"user"', "r.user_id"),
        ("LiteLLM_TeamTable", "team_id", "r.team_id"),
        ("LiteLLM_EndUserTable", "end_user", "r.user_id"),
        ("LiteLLM_TeamMembership", """"user" || '/' || team_id""", "r.user_id || '/' || r.team_id"),
        ("LiteLLM_UserTable", f"'{roles.PROXY_BUDGET_USER_ID}'", "r.user_id"),
    )
]
ROLL_UP_SQL.append("""UPDATE "LiteLLM_OrganizationTable" AS o SET spend = o.spend + s.total
  FROM (SELECT organization_id, sum(spend) AS total FROM "LiteLLM_TeamTable"
  WHERE organization_id IS NOT NULL GROUP BY 1) s WHERE o.organization_id = s.organization_id""")


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
        people, team_ids, counts = _create_world(actor, now)
        counts["keys"] = len(keys := _create_keys(people, team_ids, now))
        counts.update(_create_config_and_requests(people, actor))
        params = _sql_params(keys, now, spend_rows)
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(0.42)")  # the same logs on every fresh load
            cursor.execute(SPEND_SQL, params)
            counts["spend logs"] = cursor.rowcount
            cursor.execute(ERROR_SQL, params)
            counts["error logs"] = cursor.rowcount
            for statement in ROLL_UP_SQL:
                cursor.execute(statement)
    summary.counts = counts
    summary.seconds = time.monotonic() - started
    return summary
