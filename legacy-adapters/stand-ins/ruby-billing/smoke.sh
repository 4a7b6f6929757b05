#!/usr/bin/env bash
# Smoke test: start the stand-in on a free port, exercise a few endpoints with curl, stop it.
# Exit code 0 = all checks passed.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fixtures="$here/../fixtures/data"
port="$(ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close')"
work="$(mktemp -d)"
export PORT="$port" RUBY_BILLING_PID_FILE="$work/ruby-billing.pid"
base="http://127.0.0.1:$port"
trap '"$here/stop.sh" >/dev/null; rm -rf "$work"' EXIT

"$here/start.sh" || exit 1

# alice's customer token (first account in directory.json)
token="$(ruby -rjson -e 'puts JSON.parse(File.read(ARGV[0]))["tokens"][0]["token"]' "$fixtures/directory.json")"
fails=0
check() { # name expected actual
  if [[ "$2" == "$3" ]]; then echo "ok   $1"; else echo "FAIL $1: expected [$2], got [$3]"; fails=$((fails + 1)); fi
}
# req OUTFILE curl-args... -> prints status code; headers in OUTFILE.h, body in OUTFILE
req() { local out="$1"; shift; curl -s -o "$out" -D "$out.h" -w '%{http_code}' "$@"; }
hdr() { grep -i "^$2:" "$1.h" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
jid() { ruby -rjson -e 'puts JSON.parse(File.read(ARGV[0]))["id"]' "$1"; }
auth=(-H "Authorization: Bearer $token")

check "GET /health" 200 "$(req "$work/health" "$base/health")"

code="$(req "$work/r" "$base/account/invoices")"
check "no credentials -> 401" 401 "$code"
check "no credentials -> id unauthorized" unauthorized "$(jid "$work/r")"
check "bad bearer token -> 401" 401 "$(req "$work/r" -H 'Authorization: Bearer legacy_nope' "$base/account")"
check "Basic auth (token as password) -> 200" 200 "$(req "$work/r" -u ":$token" "$base/account")"
check "version=2 -> 406" 406 "$(req "$work/r" "${auth[@]}" -H 'Accept: application/vnd.heroku+json; version=2' "$base/account")"
check "malformed Range -> 416" 416 "$(req "$work/r" "${auth[@]}" -H 'Range: id' "$base/account/invoices")"
check "unknown route -> 404" 404 "$(req "$work/r" "${auth[@]}" "$base/no-such-thing")"
check "Range ignored on single object" 200 "$(req "$work/r" "${auth[@]}" -H 'Range: id ..; max=1' "$base/account")"
check "Request-Id echoed" 01234567-89ab-4def-8123-456789abcdef \
  "$(req "$work/r" "${auth[@]}" -H 'Request-Id: 01234567-89ab-4def-8123-456789abcdef,ffffffff-0000-4000-8000-000000000000' "$base/account" >/dev/null; hdr "$work/r" Request-Id)"

# Full list (no Range), then page through with max=2 following Next-Range.
req "$work/all" "${auth[@]}" -H 'Accept: application/vnd.heroku+json; version=3' "$base/account/invoices" >/dev/null
total="$(ruby -rjson -e 'puts JSON.parse(File.read(ARGV[0])).size' "$work/all")"
range='id ..; max=2'
pages=0
: >"$work/ids"
while :; do
  pages=$((pages + 1))
  code="$(req "$work/page" "${auth[@]}" -H "Range: $range" "$base/account/invoices")"
  ruby -rjson -e 'JSON.parse(File.read(ARGV[0])).each { |i| puts i["id"] }' "$work/page" >>"$work/ids"
  next_range="$(hdr "$work/page" Next-Range)"
  echo "     page $pages: status $code, Content-Range: $(hdr "$work/page" Content-Range)${next_range:+, Next-Range: $next_range}"
  if [[ -z "$next_range" ]]; then
    check "last page is 200 without Next-Range" 200 "$code"
    break
  fi
  if [[ "$code" != 206 ]]; then check "intermediate page is 206" 206 "$code"; break; fi
  range="$next_range"
  [[ $pages -gt 100 ]] && { check "paging terminates" yes no; break; }
done
check "paging returned every invoice once ($total)" "$total" "$(sort -u "$work/ids" | wc -l | tr -d ' ')"
check "paging returned no duplicates" "$(wc -l <"$work/ids" | tr -d ' ')" "$(sort -u "$work/ids" | wc -l | tr -d ' ')"
check "pages needed for $total invoices at max=2" "$(((total + 1) / 2))" "$pages"

# ETag / If-None-Match
req "$work/acct" "${auth[@]}" "$base/account" >/dev/null
etag="$(hdr "$work/acct" ETag)"
check "ETag present" yes "$([[ -n "$etag" ]] && echo yes || echo no)"
rm -f "$work/r304"
check "If-None-Match -> 304" 304 "$(req "$work/r304" "${auth[@]}" -H "If-None-Match: $etag" "$base/account")"
check "304 has empty body" 0 "$(cat "$work/r304" 2>/dev/null | wc -c | tr -d ' ')"
req "$work/acct2" "${auth[@]}" "$base/account" >/dev/null
check "byte-stable body" "$(sha256sum <"$work/acct" | cut -d' ' -f1)" "$(sha256sum <"$work/acct2" | cut -d' ' -f1)"
check "Content-Type" "application/json; charset=utf-8" "$(hdr "$work/acct" Content-Type)"

if [[ $fails -eq 0 ]]; then echo "smoke: all checks passed"; else echo "smoke: $fails check(s) failed"; fi
exit $((fails == 0 ? 0 : 1))
