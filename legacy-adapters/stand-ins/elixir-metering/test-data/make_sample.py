#!/usr/bin/env python3
"""Writes the tiny sample data set (directory.json, prices.json, usage.json) that follows
../../FIXTURES.md. Used only until ../../fixtures/data/ exists. Deterministic; run from this folder."""
import json

A1 = "11111111-1111-4111-8111-111111111111"  # alice: eco + basic apps, member of both EA teams
A2 = "22222222-2222-4222-8222-222222222222"  # bob: no eco apps, owns solo-team
EA = "66666666-6666-4666-8666-666666666666"
T1 = "33333333-3333-4333-8333-333333333333"
T2 = "44444444-4444-4444-8444-444444444444"
T3 = "55555555-5555-4555-8555-555555555555"
TS = "2025-10-01T00:00:00Z"
nodel = {"scheduled_suspension_time": None, "scheduled_deletion_time": None}

def addr(acc):
    return {"address_1": "1 Main St", "address_2": "", "city": "Springfield", "country": "US", "other": None,
            "postal_code": "12345", "state": "IL", "use_invoice_address": False, "heroku_id": "user" + acc[:8]}

def team(i, name, ea):
    return {"id": i, "name": name, "enterprise_account_id": ea, "created_at": TS, "updated_at": TS, "default": False,
            "membership_limit": 25.0, "provisioned_licenses": True, "role": "admin", "type": "enterprise" if ea else "team",
            "delinquency": nodel}

def app(n, name, owner, team_id, tier):
    return {"id": "aaaaaaa%d-0000-4000-8000-00000000000%d" % (n, n), "name": name, "owner_account_id": owner,
            "team_id": team_id, "process_tier": tier, "created_at": TS}

apps = [app(1, "alice-eco", A1, None, "eco"), app(2, "alice-basic", A1, None, "basic"),
        app(3, "ops-api", A1, T1, "production"), app(4, "ops-worker", A1, T1, "production"),
        app(5, "data-etl", A1, T2, "production"), app(6, "solo-web", A2, T3, "production"),
        app(7, "alice-eco2", A1, None, "eco")]
AP = {a["name"]: a["id"] for a in apps}
directory = {
    "accounts": [
        {"id": A1, "email": "alice@example.com", "name": "Alice", "created_at": TS, "updated_at": TS, "verified": True,
         "delinquency": nodel, "invoice_address": addr(A1)},
        {"id": A2, "email": "bob@example.com", "name": "Bob", "created_at": TS, "updated_at": TS, "verified": True,
         "delinquency": nodel, "invoice_address": addr(A2)}],
    "teams": [team(T1, "acme-ops", EA), team(T2, "acme-data", EA), team(T3, "solo-team", None)],
    "enterprise_accounts": [{"id": EA, "name": "acme-co", "created_at": TS, "updated_at": TS, "identity_provider": None,
                             "trial": False, "permissions": ["view", "create", "manage", "billing"]}],
    "apps": apps,
    "tokens": [
        {"token": "legacy_admin0000000000000000000000", "role": "admin", "account_id": None, "team_ids": [], "enterprise_account_ids": []},
        {"token": "legacy_alice0000000000000000000000", "role": "customer", "account_id": A1, "team_ids": [T1, T2], "enterprise_account_ids": [EA]},
        {"token": "legacy_bob000000000000000000000000", "role": "customer", "account_id": A2, "team_ids": [T3], "enterprise_account_ids": []}],
}

def size(n, name, pdu, cents, tier):
    return {"architecture": "amd64", "compute": 1, "can_autoscale": tier == "production", "cost": {"cents": cents, "unit": "month"},
            "dedicated": False, "precise_dyno_units": pdu, "id": "d0000000-0000-4000-8000-00000000000%d" % n,
            "memory": 0.5, "name": name, "private_space_only": False, "generation": {"id": "c0000000-0000-4000-8000-000000000001", "name": "cedar"},
            "infrastructure_tier": "common_runtime", "product_dyno_tier": tier}
PG = {"id": "e0000000-0000-4000-8000-000000000001", "name": "heroku-postgresql"}
PT = {"id": "e0000000-0000-4000-8000-000000000002", "name": "papertrail"}
def service(s, human):
    return {"cli_plugin_name": None, "created_at": TS, "human_name": human, "id": s["id"], "name": s["name"], "state": "ga",
            "supports_multiple_installations": True, "supports_sharing": True, "updated_at": TS, "supported_generations": []}
def plan(n, svc, pname, cents, contract=False, metered=False):
    return {"addon_service": svc, "created_at": TS, "compliance": None, "default": False, "description": pname,
            "human_name": pname, "id": "f0000000-0000-4000-8000-00000000000%d" % n, "installable_inside_private_network": True,
            "installable_outside_private_network": True, "name": svc["name"] + ":" + pname,
            "price": {"cents": cents, "contract": contract, "metered": metered, "unit": "month"},
            "space_default": False, "state": "public", "updated_at": TS, "visible": True}
prices = {
    "dyno_sizes": [size(1, "Eco", 0.0, 0, "eco"), size(2, "Basic", 0.28, 700, "basic"), size(3, "Standard-1X", 1.0, 2500, "standard"),
                   size(4, "Standard-2X", 2.0, 5000, "standard"), size(5, "Performance-M", 8.0, 25000, "performance")],
    "addon_services": [service(PG, "Heroku Postgres"), service(PT, "Papertrail")],
    "plans": [plan(1, PG, "essential-0", 500), plan(2, PG, "standard-0", 5000), plan(3, PT, "choklad", 700),
              plan(4, PT, "metered", 0, metered=True)],
}
def fi(a, pt, sz, q, s, e):
    return {"app_id": AP[a], "process_type": pt, "size": sz, "quantity": q, "started_at": s, "ended_at": e}
usage = {
    "formation_intervals": [
        fi("alice-eco", "web", "Eco", 1, "2025-11-01T00:00:00Z", "2026-11-01T00:00:00Z"),
        fi("alice-eco2", "web", "Eco", 1, "2026-10-01T00:00:00Z", "2026-10-11T12:00:00Z"),
        fi("alice-basic", "web", "Basic", 1, "2025-11-01T00:00:00Z", "2026-11-01T00:00:00Z"),
        fi("ops-api", "web", "Standard-1X", 2, "2025-11-01T00:00:00Z", "2026-03-15T12:00:00Z"),
        fi("ops-api", "web", "Standard-2X", 3, "2026-03-15T12:00:00Z", "2026-11-01T00:00:00Z"),
        fi("ops-worker", "worker", "Standard-1X", 1, "2025-11-10T06:30:00Z", "2025-11-12T18:00:00Z"),
        fi("ops-worker", "worker", "Performance-M", 1, "2026-01-01T00:00:00Z", "2026-11-01T00:00:00Z"),
        fi("data-etl", "worker", "Standard-2X", 1, "2025-11-01T00:00:00Z", "2026-11-01T00:00:00Z"),
        fi("solo-web", "web", "Basic", 2, "2025-11-01T00:00:00Z", "2026-11-01T00:00:00Z"),
    ],
    "addon_intervals": [
        {"addon_id": "b0000000-0000-4000-8000-000000000001", "app_id": AP["ops-api"], "plan_id": "f0000000-0000-4000-8000-000000000002",
         "kind": "data", "started_at": "2025-11-01T00:00:00Z", "ended_at": "2026-11-01T00:00:00Z"},
        {"addon_id": "b0000000-0000-4000-8000-000000000002", "app_id": AP["ops-api"], "plan_id": "f0000000-0000-4000-8000-000000000003",
         "kind": "partner", "started_at": "2025-11-15T00:00:00Z", "ended_at": "2026-02-01T00:00:00Z"},
        {"addon_id": "b0000000-0000-4000-8000-000000000003", "app_id": AP["data-etl"], "plan_id": "f0000000-0000-4000-8000-000000000001",
         "kind": "data", "started_at": "2025-11-01T00:00:00Z", "ended_at": "2026-01-20T08:00:00Z"},
        {"addon_id": "b0000000-0000-4000-8000-000000000003", "app_id": AP["data-etl"], "plan_id": "f0000000-0000-4000-8000-000000000002",
         "kind": "data", "started_at": "2026-01-20T08:00:00Z", "ended_at": "2026-11-01T00:00:00Z"},
        {"addon_id": "b0000000-0000-4000-8000-000000000004", "app_id": AP["alice-basic"], "plan_id": "f0000000-0000-4000-8000-000000000004",
         "kind": "partner", "started_at": "2025-11-01T00:00:00Z", "ended_at": "2026-11-01T00:00:00Z"},
    ],
    "space_intervals": [
        {"team_id": T1, "space_name": "acme-space", "credits_per_month": 1000, "started_at": "2025-12-01T00:00:00Z", "ended_at": "2026-11-01T00:00:00Z"}],
    "connect_rows": [{"team_id": T1, "month": "2026-01", "rows": 15000}, {"team_id": T1, "month": "2026-02", "rows": 17250}],
}
for name, doc in [("directory", directory), ("prices", prices), ("usage", usage)]:
    with open(name + ".json", "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
