#!/usr/bin/env bash
# Smoke test: starts the stand-in on a free port with a fixed clock, exercises every endpoint
# family (auth failures, Accept, usage daily/monthly, 3.sdk usage, Eco quota, event intake with a
# duplicate, ETag/304, Request-Id), then stops it. Needs bash, curl, jq. Exit code 0 = all passed.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

# --- data set the server will load (same rule as server.exs) ---------------------------------
if [[ -n "${FIXTURES_DIR:-}" ]]; then data="$FIXTURES_DIR"
elif [[ -f ../fixtures/data/directory.json && -f ../fixtures/data/usage.json && -f ../fixtures/data/prices.json ]]; then data="$(cd ../fixtures/data && pwd)"
else data="$here/test-data"; fi
export FIXTURES_DIR="$data"
export METERING_NOW="${METERING_NOW:-2026-10-20T12:00:00Z}"
D="$data/directory.json"; U="$data/usage.json"

# --- free port --------------------------------------------------------------------------------
port=""
for _ in $(seq 1 50); do
  p=$(( 20000 + RANDOM % 40000 ))
  if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then port=$p; break; fi
done
[[ -n "$port" ]] || { echo "no free port found" >&2; exit 1; }
export PORT="$port"
B="http://127.0.0.1:$port"

cleanup() { PORT="$port" ./stop.sh >/dev/null 2>&1 || true; [[ "${fail:-1}" == 0 ]] && rm -f "$here/.run/metering-$port.log"; }
trap cleanup EXIT

t0=$(date +%s%N)
./start.sh >/dev/null || exit 1
echo "started on $B in $(( ($(date +%s%N) - t0) / 1000000 )) ms (data: $data, clock: $METERING_NOW)"

# --- pick ids from the data set -------------------------------------------------------------
ADMIN=$(jq -r '[.tokens[]|select(.role=="admin")][0].token' "$D")
EA=$(jq -r '.enterprise_accounts[0].id' "$D")
EA_TOKEN=$(jq -r --arg ea "$EA" '[.tokens[]|select(.role=="customer" and (.enterprise_account_ids|index($ea)))][0].token' "$D")
TEAM=$(jq -r --arg ea "$EA" '[.teams[]|select(.enterprise_account_id==$ea)]|sort_by(.name)[0].id' "$D")
TEAM_NAME=$(jq -r --arg t "$TEAM" '.teams[]|select(.id==$t).name' "$D")
OTHER_TOKEN=$(jq -r --arg t "$TEAM" '[.tokens[]|select(.role=="customer" and ((.team_ids|index($t))|not))][0].token' "$D")
# an app of TEAM with an add-on running in the clock's month (for meters), else any app of TEAM
APP=$(jq -r --arg t "$TEAM" --slurpfile u "$U" '
  [.apps[]|select(.team_id==$t)|.id] as $ids
  | ([$u[0].addon_intervals[]|select((.app_id as $a|$ids|index($a)) and .ended_at > "2026-10-01")|.app_id] + $ids)[0]' "$D")
APP_NAME=$(jq -r --arg a "$APP" '.apps[]|select(.id==$a).name' "$D")
ADDON=$(jq -r --arg a "$APP" '[.addon_intervals[]|select(.app_id==$a and .ended_at > "2026-10-01")][0].addon_id // ""' "$U")
ECO_ACC=$(jq -r '[.apps[]|select(.process_tier=="eco")][0].owner_account_id' "$D")
ECO_TOKEN=$(jq -r --arg a "$ECO_ACC" '[.tokens[]|select(.account_id==$a)][0].token // ""' "$D")
NONECO_TOKEN=$(jq -r --arg a "$ECO_ACC" '[.tokens[]|select(.role=="customer" and .account_id!=$a)][0].token' "$D")
NOECO_ACC=$(jq -r '[.apps[]|select(.process_tier=="eco").owner_account_id] as $e | [.accounts[].id|select(. as $i|$e|index($i)|not)][0]' "$D")

pass=0; fail=0
V3='Accept: application/vnd.heroku+json; version=3'
SDK='Accept: application/vnd.heroku+json; version=3.sdk'
Q='Accept: application/vnd.heroku+json; version=3.account-quotas'

# req NAME EXPECTED_STATUS JQ_ASSERTION curl-args...  (assertion "" = status only)
req() {
  local name="$1" want="$2" assert="$3"; shift 3
  local out code
  out=$(curl -sS -o /tmp/metering-smoke-$port.body -D /tmp/metering-smoke-$port.hdr -w '%{http_code}' "$@")
  code="$out"
  BODY="$(cat /tmp/metering-smoke-$port.body)"
  HDR="$(cat /tmp/metering-smoke-$port.hdr)"
  local ok=1
  [[ "$code" == "$want" ]] || ok=0
  if [[ $ok == 1 && -n "$assert" ]]; then
    echo "$BODY" | jq -e "$assert" >/dev/null 2>&1 || ok=0
  fi
  if [[ $ok == 1 ]]; then pass=$((pass+1)); printf 'ok    %-58s %s\n' "$name" "$code"
  else fail=$((fail+1)); printf 'FAIL  %-58s got %s want %s\n      %s\n' "$name" "$code" "$want" "${BODY:0:400}"; fi
}
show() { printf '      %s\n' "${BODY:0:${1:-300}}"; }

echo "--- conventions"
req "GET /health (anonymous)" 200 '.status=="ok"' "$B/health"
req "unknown route -> 404 not_found" 404 '.id=="not_found"' -H "Authorization: Bearer $ADMIN" "$B/nope"
req "no credentials -> 401 unauthorized" 401 '.id=="unauthorized"' -H "$V3" "$B/teams/$TEAM/usage/monthly?start=2026-01"
show
req "unknown bearer token -> 401" 401 '.id=="unauthorized"' -H "Authorization: Bearer legacy_nope" "$B/teams/$TEAM/usage/monthly?start=2026-01"
req "Basic auth (token as password) -> 200" 200 'length==1' -u ":$ADMIN" -H "$V3" "$B/teams/$TEAM/usage/monthly?start=2026-01"
req "Accept version=2 -> 406 not_acceptable" 406 '.id=="not_acceptable"' -H "Authorization: Bearer $ADMIN" -H 'Accept: application/vnd.heroku+json; version=2' "$B/teams/$TEAM/usage/monthly?start=2026-01"
req "Accept application/json (Go client) -> 200" 200 '' -H "Authorization: Bearer $ADMIN" -H 'Accept: application/json' "$B/teams/$TEAM/usage/monthly?start=2026-01"
RID1=0b9a3c52-7a1e-4f0c-9f55-2f0a1c3d4e5f
req "Request-Id echo (first of a list)" 200 '' -H "Authorization: Bearer $ADMIN" -H "Request-Id: $RID1,11111111-2222-4333-8444-555555555555" "$B/teams/$TEAM/usage/monthly?start=2026-01"
if grep -qi "^request-id: $RID1" <<<"$HDR"; then pass=$((pass+1)); echo "ok    Request-Id header is $RID1"; else fail=$((fail+1)); echo "FAIL  Request-Id not echoed"; fi
ETAG=$(grep -i '^etag:' <<<"$HDR" | sed 's/^[^:]*: *//' | tr -d '\r')
req "If-None-Match with the ETag -> 304" 304 '' -H "Authorization: Bearer $ADMIN" -H "If-None-Match: $ETAG" "$B/teams/$TEAM/usage/monthly?start=2026-01"
req "Range header ignored -> 200" 200 'length==1' -H "Authorization: Bearer $ADMIN" -H 'Range: id ..; max=1000' "$B/teams/$TEAM/usage/monthly?start=2026-01"

echo "--- team / enterprise usage ($TEAM_NAME, ea $EA)"
req "team daily 2026-01-01..03 (customer token)" 200 'length==3 and .[0].date=="2026-01-01" and (.[0]|keys_unsorted)==["id","name","date","dynos","addons","data","partner","space","apps"]' -H "Authorization: Bearer $EA_TOKEN" -H "$V3" "$B/teams/$TEAM/usage/daily?start=2026-01-01&end=2026-01-03"
show 420
req "team monthly 2025-11..2026-10" 200 'length==12 and .[11].month=="2026-10" and (.[0]|has("connect"))' -H "Authorization: Bearer $EA_TOKEN" -H "$V3" "$B/teams/$TEAM/usage/monthly?start=2025-11&end=2026-10"
req "team monthly, no end -> one month" 200 'length==1' -H "Authorization: Bearer $EA_TOKEN" "$B/teams/$TEAM/usage/monthly?start=2026-03"
show 420
req "enterprise daily" 200 'length==2 and (.[0].teams|length)>=1' -H "Authorization: Bearer $EA_TOKEN" -H "$V3" "$B/enterprise-accounts/$EA/usage/daily?start=2026-02-01&end=2026-02-02"
req "enterprise monthly" 200 '.[0].month=="2026-02" and (.[0]|keys_unsorted)==["id","name","month","dynos","addons","data","partner","space","connect","teams"]' -H "Authorization: Bearer $EA_TOKEN" -H "$V3" "$B/enterprise-accounts/$EA/usage/monthly?start=2026-02"
show 300
req "missing start -> 422 invalid_params" 422 '.id=="invalid_params"' -H "Authorization: Bearer $ADMIN" "$B/teams/$TEAM/usage/daily"
show
req "malformed start -> 422" 422 '.id=="invalid_params"' -H "Authorization: Bearer $ADMIN" "$B/teams/$TEAM/usage/daily?start=2026-13-01"
req "daily range of 32 days -> 422" 422 '.id=="invalid_params"' -H "Authorization: Bearer $ADMIN" "$B/teams/$TEAM/usage/daily?start=2026-01-01&end=2026-02-01"
show
req "daily range of 31 days -> 200" 200 'length==31' -H "Authorization: Bearer $ADMIN" "$B/teams/$TEAM/usage/daily?start=2026-01-01&end=2026-01-31"
req "monthly malformed start -> 422" 422 '.id=="invalid_params"' -H "Authorization: Bearer $ADMIN" "$B/enterprise-accounts/$EA/usage/monthly?start=2026-1"
req "other customer's token -> 404 not_found (team)" 404 '.id=="not_found"' -H "Authorization: Bearer $OTHER_TOKEN" "$B/teams/$TEAM/usage/daily?start=2026-01-01"
req "other customer's token -> 404 not_found (ea)" 404 '.id=="not_found"' -H "Authorization: Bearer $OTHER_TOKEN" "$B/enterprise-accounts/$EA/usage/monthly?start=2026-01"
req "team usage by name -> 404 (UUID only)" 404 '.id=="not_found"' -H "Authorization: Bearer $ADMIN" "$B/teams/$TEAM_NAME/usage/daily?start=2026-01-01"

echo "--- 3.sdk usage ($APP_NAME)"
req "GET /apps/{name}/usage" 200 'has("addons")' -H "Authorization: Bearer $EA_TOKEN" -H "$SDK" "$B/apps/$APP_NAME/usage"
show
req "GET /teams/{name}/apps/{app}/usage" 200 'has("addons")' -H "Authorization: Bearer $EA_TOKEN" -H "$SDK" "$B/teams/$TEAM_NAME/apps/$APP_NAME/usage"
req "GET /teams/{id}/usage" 200 '.apps|length>=1' -H "Authorization: Bearer $EA_TOKEN" -H "$SDK" "$B/teams/$TEAM/usage"
req "GET /apps/{id}/usage, other customer -> 404" 404 '.id=="not_found"' -H "Authorization: Bearer $OTHER_TOKEN" -H "$SDK" "$B/apps/$APP/usage"

echo "--- Eco quota"
req "get-quota for an account with eco apps" 200 '.account_quota==3600000 and (.quota_used|type)=="number" and .account_uuid!=null and (.apps|length)>=1' -H "Authorization: Bearer ${ECO_TOKEN:-$ADMIN}" -H "$Q" "$B/accounts/$ECO_ACC/actions/get-quota"
show
req "get-quota, account without eco apps -> 404 not_found" 404 '.id=="not_found"' -H "Authorization: Bearer $ADMIN" -H "$Q" "$B/accounts/$NOECO_ACC/actions/get-quota"
req "get-quota, other customer -> 404" 404 '.id=="not_found"' -H "Authorization: Bearer $NONECO_TOKEN" -H "$Q" "$B/accounts/$ECO_ACC/actions/get-quota"

echo "--- usage event intake"
before=$(curl -s -H "Authorization: Bearer $ADMIN" "$B/teams/$TEAM/usage/daily?start=2026-10-19" | jq -r '.[0].dynos')
EV1="smoke-$port-1"; EV2="smoke-$port-2"; EV3="smoke-$port-3"
BATCH=$(jq -nc --arg t "$TEAM" --arg a "$APP" --arg e1 "$EV1" --arg e2 "$EV2" --arg e3 "$EV3" --arg ad "$ADDON" '{events: ([
  {id:$e1, occurred_at:"2026-10-19T00:00:00Z", owner:{type:"team",id:$t}, app_id:$a, metric:"formation.quantity", value:3, process_type:"smoke", size:"performance-m"},
  {id:$e2, occurred_at:"2026-10-19T00:00:00Z", owner:{type:"team",id:$t}, app_id:"00000000-0000-4000-8000-000000000000", metric:"formation.quantity", value:1, process_type:"web", size:"basic"}]
  + (if $ad != "" then [{id:$e3, occurred_at:"2026-10-19T06:00:00Z", owner:{type:"team",id:$t}, app_id:$a, addon_id:$ad, metric:"storage", value:1000}] else [] end))}')
req "POST /usage-events (producer token)" 200 '.[0].status=="accepted" and .[1].status=="rejected"' -H "Authorization: Bearer legacy_producer_token" -H 'Content-Type: application/json' -d "$BATCH" "$B/usage-events"
show 400
req "POST the same batch again -> duplicate" 200 '.[0].status=="duplicate" and .[1].status=="rejected"' -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$BATCH" "$B/usage-events"
show 400
after=$(curl -s -H "Authorization: Bearer $ADMIN" "$B/teams/$TEAM/usage/daily?start=2026-10-19" | jq -r '.[0].dynos')
if [[ "$before" != "$after" ]]; then pass=$((pass+1)); echo "ok    gauge event changes team daily dynos on 2026-10-19: $before -> $after"
else fail=$((fail+1)); echo "FAIL  gauge event did not change dynos ($before)"; fi
if [[ -n "$ADDON" ]]; then
  req "meter event shows in 3.sdk usage" 200 "[.addons[]|select(.id==\"$ADDON\")|.meters.storage.quantity]==[1000]" -H "Authorization: Bearer $ADMIN" -H "$SDK" "$B/apps/$APP/usage"
  show
fi
req "malformed JSON -> 400 bad_request" 400 '.id=="bad_request"' -H "Authorization: Bearer $ADMIN" -d '{"events": [' "$B/usage-events"
BIG=$(jq -nc '{events: [range(0;1001)|{id:("big-"+tostring), occurred_at:"2026-10-01T00:00:00Z", owner:{type:"team",id:"x"}, app_id:"x", metric:"m", value:1}]}')
req "1001 events -> 413 payload_too_large" 413 '.id=="payload_too_large"' -H "Authorization: Bearer $ADMIN" -d "$BIG" "$B/usage-events"
req "customer token on intake -> 403 forbidden" 403 '.id=="forbidden"' -H "Authorization: Bearer $EA_TOKEN" -d "$BATCH" "$B/usage-events"
req "producer token on a usage report -> 403" 403 '.id=="forbidden"' -H "Authorization: Bearer legacy_producer_token" "$B/teams/$TEAM/usage/daily?start=2026-01-01"

rm -f /tmp/metering-smoke-$port.body /tmp/metering-smoke-$port.hdr
echo "--- $pass passed, $fail failed"
[[ $fail == 0 ]]
