"""Demo data: a small, believable LiteLLM world in an empty database, for demos and screenshots.

Rows are written the way LiteLLM (or the console) writes them: keys only through
``apps.keys.services.create_key``, deployment params SecretBox-encrypted, ids deterministic
(uuid5 or ``demo-...``) so a second run recognises the first and does nothing. Spend logs are made
by PostgreSQL itself in one ``INSERT ... SELECT ... generate_series``: 100k+ rows in seconds.
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
from django.db import connection, transaction
from django.utils import timezone

from apps.access_requests.models import ModelAccessRequest
from apps.budgets.models import Budget
from apps.customers.models import Customer
from apps.deployments.models import ModelDeployment
from apps.keys import services as key_services
from apps.keys.models import VirtualKey
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
    """A deployment and the share of traffic it gets; prices are USD per million tokens."""

    name: str
    params: dict[str, Any]
    mode: str
    price_in: float
    price_out: float
    weight: int


def _p(model: str, base: str, env: str, **extra: Any) -> dict[str, Any]:
    # Provider keys are always os.environ/ references: a real proxy resolves them itself, and the
    # demo never invents a literal secret that a proxy would send to a provider.
    return {"model": model, "api_base": base, "api_key": f"os.environ/{env}", **extra}


OPENAI, ANTHROPIC = "https://api.openai.com/v1", "https://api.anthropic.com"
DEPLOYMENTS: tuple[DemoDeployment, ...] = (
    DemoDeployment("gpt-4o", _p("openai/gpt-4o", OPENAI, "OPENAI_API_KEY", rpm=500), "chat",
                   2.5, 10.0, 3),
    DemoDeployment("gpt-4o", _p("azure/gpt-4o", "https://demo-eastus.openai.azure.com",
                                "AZURE_API_KEY", api_version="2024-08-01-preview", rpm=300),
                   "chat", 2.5, 10.0, 2),
    DemoDeployment("gpt-4o-mini", _p("openai/gpt-4o-mini", OPENAI, "OPENAI_API_KEY",
                                     tpm=2_000_000), "chat", 0.15, 0.6, 8),
    DemoDeployment("claude-3-5-sonnet", _p("anthropic/claude-3-5-sonnet-20240620", ANTHROPIC,
                                           "ANTHROPIC_API_KEY"), "chat", 3.0, 15.0, 4),
    DemoDeployment("claude-3-haiku", _p("anthropic/claude-3-haiku-20240307", ANTHROPIC,
                                        "ANTHROPIC_API_KEY"), "chat", 0.25, 1.25, 3),
    DemoDeployment("text-embedding-3-small", _p("openai/text-embedding-3-small", OPENAI,
                                                "OPENAI_API_KEY"), "embedding", 0.02, 0.0, 5),
    DemoDeployment("o1-mini", _p("openai/o1-mini", OPENAI, "OPENAI_API_KEY"), "chat",
                   3.0, 12.0, 1),
    DemoDeployment("mistral-large", _p("mistral/mistral-large-latest", "https://api.mistral.ai/v1",
                                       "MISTRAL_API_KEY"), "chat", 2.0, 6.0, 1),
)
MODEL_NAMES = sorted({d.name for d in DEPLOYMENTS})
GPT, CLAUDE, EMBED = ["gpt-4o", "gpt-4o-mini"], ["claude-3-5-sonnet", "claude-3-haiku"], [
    "text-embedding-3-small"]
# (alias, max budget, budget duration, models)
ORGS = (("Acme Corp", 5000, "30d", []), ("Globex", 2000, "30d", [*GPT, *EMBED]),
        ("Initech", 1000, "1mo", []), ("Umbrella Research", 3000, "30d", [*CLAUDE, *EMBED]))
# (alias, org index, models, max budget, budget duration); [] means all models.
TEAMS = (("Search Relevance", 0, [], 1500, "30d"),
         ("Support Assistant", 0, [*GPT, *EMBED], 800, "30d"),
         ("Data Platform", 0, [], None, None),
         ("Growth Analytics", 1, ["gpt-4o-mini", *EMBED], 300, "7d"),
         ("Mobile App", 1, GPT, 600, "30d"),
         ("Contract Review", 2, ["claude-3-5-sonnet", "gpt-4o"], 500, "30d"),
         ("Finance Ops", 2, ["gpt-4o-mini"], 100, "30d"),
         ("Genomics Lab", 3, [*CLAUDE, *EMBED], 2000, "30d"),
         ("Platform Engineering", None, [], None, None),
         ("Hackathon", None, ["gpt-4o-mini", "claude-3-haiku"], 50, "1d"))
PLATFORM_TEAM = 8
# Keys of these teams serve apps with end users, so their logs carry an end_user.
END_USER_TEAMS = frozenset({"Support Assistant", "Mobile App", "Contract Review"})
FIRST = ("Ava Ben Chloe Dev Elena Farid Grace Hugo Isla Jonas Kira Liam Maya Noah Olga Priya "
         "Quinn Rafael Sara Tomas Uma Victor Wen Xavier Yara Zane Amir Bea Carlos Dana Emil "
         "Fatima Gus Hana Ivan Jade Kofi Lena Marco Nina Oscar Paula Ravi Sofia Theo Ines "
         "Yusuf Zoe").split()
LAST = "Novak Okafor Lindqvist Moreau Tanaka Silva Kowalski Haddad Brennan Ito Weber Costa".split()
PURPOSES = "notebook ci chatbot eval batch backend staging local-dev prod cli".split()
TAGS = ['["prod"]'] * 5 + ['[]'] * 3 + ['["batch", "eval"]', '["staging"]', '["prod", "chat"]']
ERRORS = [("RateLimitError", "litellm.RateLimitError: Rate limit reached for requests", "429",
           0.4)] * 4 + [
    ("Timeout", "litellm.Timeout: Request timed out after 600.0 seconds.", "408", 600.0),
    ("BadRequestError", "litellm.BadRequestError: Invalid 'messages': empty array.", "400", 0.2),
    ("ContextWindowExceededError", "litellm.ContextWindowExceededError: This model's maximum "
     "context length is 128000 tokens.", "400", 0.3),
    ("InternalServerError", "litellm.InternalServerError: The server had an error.", "500", 2.0),
    ("ServiceUnavailableError", "litellm.ServiceUnavailableError: Overloaded.", "503", 1.0)]


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


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _budget(name: str, actor: str, now: datetime, max_budget: float | None,
            duration: str | None, **limits: Any) -> Budget:
    return Budget(budget_id=uid("budget", name), max_budget=max_budget, budget_duration=duration,
                  budget_reset_at=durations.next_budget_reset(duration, now), created_by=actor,
                  updated_by=actor, **limits)


def _personal_budget(i: int, now: datetime) -> dict[str, Any]:
    return {"max_budget": (25, 50, 100, 200)[i % 4], "budget_duration": "30d",
            "budget_reset_at": durations.next_budget_reset("30d", now)}


def _people() -> list[dict[str, Any]]:
    """48 people: two proxy admins, an admin viewer, six internal viewers, the rest users."""
    result = []
    for i, first in enumerate(FIRST):
        last = LAST[(i * 7) % len(LAST)]
        email = f"{first.lower()}.{last.lower()}@example.com"
        role = (UserRole.PROXY_ADMIN if i < 2 else UserRole.PROXY_ADMIN_VIEWER if i == 2
                else UserRole.INTERNAL_USER_VIEWER if i < 9 else UserRole.INTERNAL_USER)
        result.append({"user_id": uid("user", email), "email": email, "role": str(role),
                       "name": f"{first} {last}", "teams": []})
    return result


def _create_world(actor: str, now: datetime) -> tuple[list[dict], list[str], dict[str, int]]:
    """Budgets, orgs, users, teams, memberships and customers; returns people and team ids."""
    budgets = [_budget(f"org:{a}", actor, now, mb, dur, tpm_limit=2_000_000, rpm_limit=2000)
               for a, mb, dur, _ in ORGS]
    orgs = [Organization(organization_id=uid("org", a), organization_alias=a, budget=b,
                         allowed_models=models, created_by=actor, updated_by=actor)
            for (a, _, _, models), b in zip(ORGS, budgets, strict=True)]
    team_ids = [uid("team", t[0]) for t in TEAMS]
    members: list[list[dict[str, str]]] = [[] for _ in TEAMS]
    people = _people()
    member_budgets, memberships = [], []
    for i, person in enumerate(people):
        picks = [PLATFORM_TEAM] if i < 3 else [i % len(TEAMS), (i * 3 + 1) % len(TEAMS)][
            : 2 if i % 4 == 0 else 1]
        for t in dict.fromkeys(picks):
            # Each team gets a first admin, plus an occasional second; viewers stay plain members.
            may_admin = person["role"] != UserRole.INTERNAL_USER_VIEWER
            admin = may_admin and (not any(m["role"] == "admin" for m in members[t]) or i % 9 == 0)
            members[t].append({"role": "admin" if admin else "user",
                               "user_id": person["user_id"], "user_email": person["email"]})
            person["teams"].append(team_ids[t])
            if (i + t) % 3 == 0:  # LiteLLM adds a membership row when the member has a budget
                budget = _budget(f"member:{person['user_id']}:{t}", actor, now,
                                 (20, 50, 100)[i % 3], "30d")
                member_budgets.append(budget)
                memberships.append(TeamMembership(user_id=person["user_id"],
                                                  team_id=team_ids[t], budget=budget))
    customer_budgets = [_budget(f"customer:{i}", actor, now, (10, 25, 50, 100)[i % 4], "30d")
                        for i in range(0, 30, 3)]
    Budget.objects.bulk_create([*budgets, *member_budgets, *customer_budgets])
    Organization.objects.bulk_create(orgs)
    def org_of(person: dict[str, Any]) -> Organization | None:
        # A user belongs to the organization of their first team, as an org admin would set it.
        first = team_ids.index(person["teams"][0]) if person["teams"] else None
        return orgs[TEAMS[first][1]] if first is not None and TEAMS[first][1] is not None else None

    users = [ProxyUser(user_id=p["user_id"], user_alias=p["name"], user_email=p["email"],
                       user_role=p["role"], teams=p["teams"], organization=org_of(p),
                       **(_personal_budget(i, now) if i % 3 == 1 else {}))
             for i, p in enumerate(people)]
    # The proxy admin that master-key logins act as, and the global-spend pseudo-user (LiteLLM
    # creates that one without a role). A real proxy may have made them already: keep theirs.
    users.append(ProxyUser(user_id=roles.DEFAULT_USER_ID, user_role=str(UserRole.PROXY_ADMIN)))
    users.append(ProxyUser(user_id=roles.PROXY_BUDGET_USER_ID, max_budget=5000.0,
                           budget_duration="30d",
                           budget_reset_at=durations.next_budget_reset("30d", now)))
    users_before = ProxyUser.objects.count()
    ProxyUser.objects.bulk_create(users, ignore_conflicts=True)
    Team.objects.bulk_create([
        Team(team_id=team_ids[t], team_alias=a, organization=orgs[o] if o is not None else None,
             allowed_models=models, max_budget=mb, budget_duration=dur,
             budget_reset_at=durations.next_budget_reset(dur, now), members_with_roles=members[t],
             tpm_limit=500_000 if mb else None, rpm_limit=500 if mb else None)
        for t, (a, o, models, mb, dur) in enumerate(TEAMS)])
    TeamMembership.objects.bulk_create(memberships)
    customers = [Customer(user_id=f"cust-{i + 1:04d}", alias=f"{adj} {noun}",
                          budget=customer_budgets[i // 3] if i % 3 == 0 else None,
                          allowed_model_region="eu" if i % 5 == 0 else "us" if i % 7 == 0 else None,
                          default_model="gpt-4o-mini" if i % 4 == 0 else None,
                          blocked=i in (13, 27))
                 for i, (adj, noun) in enumerate((a, n) for n in ("Labs", "Health", "Logistics")
                                                  for a in "Blue Northern Bright Silver Rapid "
                                                  "Quiet Golden Red Open Clear".split())]
    Customer.objects.bulk_create(customers)
    counts = {"budgets": len(budgets) + len(member_budgets) + len(customer_budgets),
              "organizations": len(orgs), "users": ProxyUser.objects.count() - users_before, "teams": len(TEAMS),
              "team memberships": len(memberships), "customers": len(customers)}
    return people, team_ids, counts


def _create_keys(people: list[dict], team_ids: list[str], now: datetime) -> list[_Key]:
    """200 keys through the real create_key path; the raw keys are dropped on the spot."""
    rng = random.Random(20240607)
    weights = [d.weight for d in DEPLOYMENTS]
    keys: list[_Key] = []
    for i in range(KEY_COUNT):
        r = rng.random()
        person = None if r < 0.23 else rng.choice(people)
        user_id = roles.DEFAULT_USER_ID if r < 0.03 else person["user_id"] if person else None
        if person and person["teams"] and rng.random() < 0.9:
            t = team_ids.index(rng.choice(person["teams"]))
        else:
            t = rng.randrange(len(TEAMS)) if user_id is None else None
        team_models = TEAMS[t][2] if t is not None else []
        pool = team_models or MODEL_NAMES
        m = rng.random()
        allowed = ([] if m < 0.55 else [roles.ALL_TEAM_MODELS] if m < 0.7 and t is not None
                   else sorted(rng.sample(pool, min(len(pool), rng.randint(1, 2)))))
        usable = [a for a in allowed if a in MODEL_NAMES] or pool
        candidates = [n for n, d in enumerate(DEPLOYMENTS) if d.name in usable]
        owner = _slug(TEAMS[t][0]) if t is not None else (person["name"].split()[0].lower()
                                                          if person else "admin")
        alias = f"{owner}-{rng.choice(PURPOSES)}-{i:03d}"
        duration, created, budget = None, now, rng.random() < 0.35
        e = rng.random()
        if e < 0.10:  # expired 1-20 days ago: made one duration (plus that) back in time
            duration = rng.choice(["7d", "30d"])
            created = now - durations.parse_duration(duration) - timedelta(days=rng.uniform(1, 20))
        elif e < 0.18:  # expires within the next week
            duration = "30d"
            created = now - timedelta(days=30) + timedelta(hours=rng.uniform(6, 160))
        elif e < 0.30:
            duration = rng.choice(["90d", "180d"])
        created_key = key_services.create_key(
            user_id=user_id, team_id=team_ids[t] if t is not None else None, key_alias=alias,
            allowed_models=allowed, duration=duration, now=created,
            max_budget=rng.choice([5, 10, 25, 50, 100, 250]) if budget else None,
            budget_duration=rng.choice([None, "30d", "7d", "1d"]) if budget and created is now
            else None,
            rpm_limit=rng.choice([60, 100, 500]) if rng.random() < 0.2 else None,
            tpm_limit=rng.choice([100_000, 500_000]) if rng.random() < 0.2 else None)
        row = created_key.key
        keys.append(_Key(token=row.token, alias=alias, user_id=user_id or "",
                         team_id=row.team_id or "", team_alias=TEAMS[t][0] if t is not None else "",
                         expires=row.expires,
                         slots=[c + 1 for c in rng.choices(candidates,
                                                           [weights[c] for c in candidates], k=8)],
                         serves_end_users=t is not None and TEAMS[t][0] in END_USER_TEAMS))
    return keys


def _create_config_and_requests(people: list[dict], actor: str) -> dict[str, int]:
    """Deployments (encrypted), LiteLLM_Config sections and model access requests."""
    secret = signing_key()
    deployments = [ModelDeployment(
        model_id=uid("deployment", d.params["model"]), model_name=d.name,
        litellm_params=secretbox.encrypt_params(d.params, secret),
        model_info={"id": uid("deployment", d.params["model"]), "db_model": True,
                    "base_model": d.name, "mode": d.mode,
                    "input_cost_per_token": d.price_in / 1e6,
                    "output_cost_per_token": d.price_out / 1e6},
        created_by=actor, updated_by=actor) for d in DEPLOYMENTS]
    ModelDeployment.objects.bulk_create(deployments)
    sections = {
        "general_settings": {"store_model_in_db": True, "max_parallel_requests": 200,
                             "proxy_batch_write_at": 10},
        "router_settings": {"routing_strategy": "simple-shuffle", "num_retries": 2,
                            "timeout": 600, "allowed_fails": 3, "cooldown_time": 30},
        "litellm_settings": {"drop_params": True, "request_timeout": 600, "max_budget": 5000,
                             "budget_duration": "30d", "cache": True},
    }
    # A real proxy may already have its config here: never overwrite it.
    settings_before = ProxySetting.objects.count()
    ProxySetting.objects.bulk_create(
        [ProxySetting(param_name=k, param_value=v) for k, v in sections.items()],
        ignore_conflicts=True)
    asks = [(12, ["gpt-4o"], "pending", "Summarising long customer threads"),
            (17, ["claude-3-5-sonnet"], "pending", "Comparing answer quality for legal review"),
            (23, ["o1-mini"], "pending", "Reasoning benchmarks for the eval suite"),
            (30, ["gpt-4o", "text-embedding-3-small"], "approved", "RAG prototype"),
            (41, ["mistral-large"], "disapproved", "Just curious")]
    ModelAccessRequest.objects.bulk_create([
        ModelAccessRequest(request_id=uid("access-request", f"{i}:{m}"),
                           user_id=people[i]["user_id"], requested_models=m, status=s,
                           justification=j) for i, m, s, j in asks])
    return {"deployments": len(deployments), "config sections": ProxySetting.objects.count() - settings_before,
            "access requests": len(asks)}


def _sql_params(keys: list[_Key], now: datetime, rows: int) -> dict[str, Any]:
    naive_now = now.astimezone(UTC).replace(tzinfo=None)
    # An expired key's traffic after its expiry goes to its owner's replacement key, as a
    # person whose key expired would switch keys.
    live = [n for n, k in enumerate(keys) if k.expires is None or k.expires > now]
    successor = [1 + next((n for n in live if (keys[n].user_id, keys[n].team_id)
                           == (k.user_id, k.team_id)), live[i % len(live)]) for i, k in
                 enumerate(keys)]
    return {
        "tok": [k.token for k in keys], "usr": [k.user_id for k in keys],
        "team": [k.team_id for k in keys], "alias": [k.alias for k in keys],
        "talias": [k.team_alias for k in keys], "serves": [k.serves_end_users for k in keys],
        "ip": [f"10.1.{n // 100}.{n % 100 + 10}" for n in range(len(keys))],
        "exp": [k.expires.replace(tzinfo=None) if k.expires else None for k in keys],
        "succ": successor, "slots": [k.slots for k in keys], "nkeys": len(keys),
        "dgroup": [d.name for d in DEPLOYMENTS], "dbase": [d.params["api_base"] for d in DEPLOYMENTS],
        "dmodel": [d.params["model"].split("/", 1)[1] for d in DEPLOYMENTS],
        "did": [uid("deployment", d.params["model"]) for d in DEPLOYMENTS],
        "dembed": [d.mode == "embedding" for d in DEPLOYMENTS], "ndep": len(DEPLOYMENTS),
        "din": [d.price_in for d in DEPLOYMENTS], "dout": [d.price_out for d in DEPLOYMENTS],
        "cust": [f"cust-{i:04d}" for i in range(1, 31)], "tags": TAGS, "ntags": len(TAGS),
        "etype": [e[0] for e in ERRORS], "emsg": [e[1] for e in ERRORS], "nerr": len(ERRORS),
        "ecode": [e[2] for e in ERRORS], "elat": [e[3] for e in ERRORS],
        "now": naive_now, "rows": rows, "erows": ERROR_ROWS,
    }


_PARAMS_CTE = """p AS (SELECT %(tok)s::text[] tok, %(usr)s::text[] usr, %(team)s::text[] team,
  %(alias)s::text[] alias, %(talias)s::text[] talias, %(serves)s::bool[] serves,
  %(ip)s::text[] ip, %(exp)s::timestamp[] exp, %(succ)s::int[] succ, %(slots)s::int[] slots,
  %(dgroup)s::text[] dgroup, %(dmodel)s::text[] dmodel, %(did)s::text[] did,
  %(dbase)s::text[] dbase, %(dembed)s::bool[] dembed, %(din)s::float8[] din,
  %(dout)s::float8[] dout, %(cust)s::text[] cust, %(tags)s::text[] tags,
  %(etype)s::text[] etype, %(emsg)s::text[] emsg, %(ecode)s::text[] ecode,
  %(elat)s::float8[] elat, %(now)s::timestamp now)"""

# MATERIALIZED: each random() is drawn once per row and reused by every later expression.
# Working hours (8-18 UTC, peaking at 13) get 80% of traffic; 70% of weekend rows move to a
# second, usually weekday, draw. Tokens are log-normal (Box-Muller); 4% are cache hits (free).
SPEND_SQL = f"""WITH {_PARAMS_CTE}, draw AS MATERIALIZED (
  SELECT n, 1 + floor(power(random(), 1.7) * %(nkeys)s)::int k0, 1 + floor(random() * 8)::int s,
    floor(random() * 30)::int d1, floor(random() * 30)::int d2, random() uw,
    CASE WHEN random() < 0.8 THEN 8 + 5 * (random() + random()) ELSE 24 * random() END hr,
    sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) z1,
    sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) z2, random() < 0.04 cached,
    random() ul, random() ut, random() uc, 1 + floor(random() * 30)::int c,
    1 + floor(random() * %(ntags)s)::int tg
  FROM generate_series(1, %(rows)s) n)
INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, api_key, spend, total_tokens,
  prompt_tokens, completion_tokens, "startTime", "endTime", "completionStartTime", model, model_id,
  model_group, api_base, "user", metadata, cache_hit, cache_key, request_tags, team_id, end_user,
  requester_ip_address)
SELECT 'demo-' || n, CASE WHEN e THEN 'aembedding' ELSE 'acompletion' END, p.tok[k],
  CASE WHEN cached THEN 0 ELSE (pt * p.din[d] + ct * p.dout[d]) / 1e6 END, pt + ct, pt, ct,
  st, st + lat * interval '1 second',
  st + CASE WHEN e OR cached THEN lat ELSE least(lat, 0.15 + 0.6 * ut) END * interval '1 second',
  p.dmodel[d], p.did[d], p.dgroup[d], p.dbase[d], p.usr[k],
  jsonb_build_object('user_api_key', p.tok[k], 'user_api_key_alias', p.alias[k],
    'user_api_key_team_id', nullif(p.team[k], ''), 'user_api_key_team_alias',
    nullif(p.talias[k], ''), 'user_api_key_user_id', nullif(p.usr[k], '')),
  CASE WHEN cached THEN 'True' ELSE 'False' END, md5('demo-' || n), p.tags[tg]::jsonb,
  p.team[k], CASE WHEN p.serves[k] AND uc < 0.7 THEN p.cust[c] ELSE '' END, p.ip[k]
FROM draw CROSS JOIN p
CROSS JOIN LATERAL (SELECT date_trunc('day', p.now) + hr * interval '1 hour' - interval '1 day'
  * CASE WHEN extract(isodow FROM p.now - d1 * interval '1 day') >= 6 AND uw < 0.7 THEN d2
    ELSE d1 END AS s0) a
CROSS JOIN LATERAL (SELECT CASE WHEN s0 > p.now THEN s0 - interval '1 day' ELSE s0 END st) b
CROSS JOIN LATERAL (SELECT CASE WHEN st >= p.exp[k0] THEN p.succ[k0] ELSE k0 END k) kk
CROSS JOIN LATERAL (SELECT p.slots[k][s] d, p.dembed[p.slots[k][s]] e) dd
CROSS JOIN LATERAL (SELECT
  CASE WHEN e THEN least(8000, greatest(4, round(exp(ln(60) + z1))))
    ELSE least(60000, greatest(12, round(exp(ln(700) + 1.1 * z1)))) END::int pt,
  CASE WHEN e THEN 0 ELSE least(8000, greatest(1, round(exp(ln(220) + 0.9 * z2)))) END::int ct
  ) t
CROSS JOIN LATERAL (SELECT CASE WHEN cached THEN 0.02 + 0.05 * ul WHEN e THEN 0.05 + 0.2 * ul
  ELSE 0.3 + ct * (0.008 + 0.012 * ul) END lat) l
ON CONFLICT (request_id) DO NOTHING"""

ERROR_SQL = f"""WITH {_PARAMS_CTE}, draw AS MATERIALIZED (
  SELECT n, 1 + floor(random() * %(ndep)s)::int d, 1 + floor(random() * %(nerr)s)::int x,
    1 + floor(random() * %(nkeys)s)::int k, random() u,
    (SELECT now FROM p) - interval '1 minute' - random() * interval '29 days' st
  FROM generate_series(1, %(erows)s) n)
INSERT INTO "LiteLLM_ErrorLogs" (request_id, "startTime", "endTime", api_base, model_group,
  litellm_model_name, model_id, request_kwargs, exception_type, exception_string, status_code)
SELECT 'demo-err-' || n, st, st + p.elat[x] * (0.5 + u) * interval '1 second', p.dbase[d],
  p.dgroup[d], p.dmodel[d], p.did[d], jsonb_build_object('model', p.dgroup[d], 'metadata',
    jsonb_build_object('user_api_key_alias', p.alias[k])), p.etype[x], p.emsg[x], p.ecode[x]
FROM draw CROSS JOIN p ON CONFLICT (request_id) DO NOTHING"""

# The demo loader standing in for the proxy's spend writer, which adds each request's cost to
# these rows: here every total is set once to the sum of the demo logs.
_DEMO_LOGS = """WITH demo AS (SELECT * FROM "LiteLLM_SpendLogs"
  WHERE starts_with(request_id, 'demo-'))"""
ROLL_UP_SQL = [f"""{_DEMO_LOGS} UPDATE "{table}" AS r SET spend = r.spend + s.total
  FROM (SELECT {group} AS id, sum(spend) AS total FROM demo GROUP BY 1) s WHERE {match}"""
               for table, group, match in (
                   ("LiteLLM_VerificationToken", "api_key", "r.token = s.id"),
                   ("LiteLLM_UserTable", '"user"', "r.user_id = s.id"),
                   ("LiteLLM_TeamTable", "team_id", "r.team_id = s.id"),
                   ("LiteLLM_EndUserTable", "end_user", "r.user_id = s.id"),
                   ("LiteLLM_TeamMembership", """"user" || '/' || team_id""",
                    "r.user_id || '/' || r.team_id = s.id"),
                   ("LiteLLM_UserTable", f"'{roles.PROXY_BUDGET_USER_ID}'",
                    "r.user_id = s.id"))] + ["""UPDATE "LiteLLM_OrganizationTable" AS o
  SET spend = o.spend + s.total FROM (SELECT organization_id, sum(spend) AS total FROM "LiteLLM_TeamTable"
  WHERE organization_id IS NOT NULL GROUP BY 1) s WHERE o.organization_id = s.organization_id"""]


def load_demo_data(*, spend_rows: int = DEFAULT_SPEND_ROWS, actor: str = DEFAULT_ACTOR,
                   now: datetime | None = None) -> DemoSummary:
    """Fill the database with the demo world; a no-op when an earlier run's rows are present."""
    started = time.monotonic()
    now = now or timezone.now()
    summary = DemoSummary()
    with transaction.atomic():
        if demo_present():
            summary.already_present = True
            return summary
        people, team_ids, counts = _create_world(actor, now)
        keys = _create_keys(people, team_ids, now)
        counts["keys"] = len(keys)
        counts.update(_create_config_and_requests(people, actor))
        params = _sql_params(keys, now, spend_rows)
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(0.42)")  # same logs on every run, for comparable demos
            cursor.execute(SPEND_SQL, params)
            counts["spend logs"] = cursor.rowcount
            cursor.execute(ERROR_SQL, params)
            counts["error logs"] = cursor.rowcount
            for statement in ROLL_UP_SQL:
                cursor.execute(statement)
    summary.counts = counts
    summary.seconds = time.monotonic() - started
    return summary
