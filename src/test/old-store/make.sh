#!/usr/bin/env bash
# Writes the frozen old store of src/test/resources/old-store: runs a released ledger jar (the last one before a
# change of an event, ADR 0039) on a new H2 file over a scripted history with every event type, then keeps the
# store, its signing key, its digest, its latest checkpoint and every read's answer at a fixed asOf.
#
#   src/test/old-store/make.sh JAR OUTPUT_DIR [PORT]
#
# The files it writes are checked in once and never edited: OldStoreOpenedByNewCodeTests opens a copy of them with
# today's code. Needs java, curl and jq.
set -euo pipefail

JAR=$(readlink -f "$1")
OUT=$(readlink -m "$2")
PORT=${3:-18480}
L=http://127.0.0.1:$PORT
WORK=$(mktemp -d)
mkdir -p "$OUT/reads"

java -jar "$JAR" --server.port="$PORT" \
    "--spring.datasource.url=jdbc:h2:file:$WORK/ledger;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0" \
    --ledger.audit.signing-key-file="$WORK/checkpoint-signing-key.pem" \
    --ledger.snapshots.threshold=2 --ledger.audit.checkpoint-events=7 >"$WORK/ledger.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -sf "$L/actuator/health" >/dev/null && break
    sleep 1
done

J='Content-Type: application/json'
S=(-u secretariat:secretariat)
post() { # user path body → answer body; fails on any status but 2xx
    curl -sf -u "$1:$1" -X "${4:-POST}" "$L$2" -H "$J" -d "$3"
}

post secretariat /api/members/DEU '{"name":"Germany","costShare":"16.1","effectiveAt":"2024-01-01T00:00:00Z"}' PUT
post secretariat /api/members/FRA '{"name":"France","costShare":"10.2","effectiveAt":"2024-01-01T00:00:00Z"}' PUT
post secretariat /api/members/HUN '{"name":"Hungary","costShare":"0.7","effectiveAt":"2024-01-01T00:00:00Z"}' PUT
post secretariat /api/members/POL '{"name":"Poland","costShare":"2.9","effectiveAt":"2024-01-01T00:00:00Z"}' PUT
post secretariat /api/members/DEU '{"name":"Federal Republic of Germany","costShare":"16.2","effectiveAt":"2024-03-01T00:00:00Z"}' PUT
post secretariat /api/funds '{"fundId":"ukraine-fund","name":"Ukraine support","targetEur":"100000000000",
  "periodStart":"2025-01-01","periodEnd":"2029-12-31","decisionDeadline":"2024-07-01T00:00:00Z","effectiveAt":"2024-04-02T00:00:00Z"}'
post delegate-HUN /api/funds/ukraine-fund/objections '{"member":"HUN","reason":"will not fund arms","effectiveAt":"2024-04-10T00:00:00Z"}'
post secretariat /api/funds/ukraine-fund/amendments '{"targetEur":"40000000000","periodStart":"2025-01-01",
  "periodEnd":"2025-12-31","decisionDeadline":"2024-07-09T00:00:00Z","reason":"annual baseline","effectiveAt":"2024-06-01T00:00:00Z"}'
post delegate-HUN /api/funds/ukraine-fund/opt-outs '{"member":"HUN","reason":"opts out","effectiveAt":"2024-06-02T00:00:00Z"}'
post delegate-POL /api/funds/ukraine-fund/objections '{"member":"POL","reason":"wants more air defence","effectiveAt":"2024-06-05T00:00:00Z"}'
post delegate-POL /api/funds/ukraine-fund/objections/POL/withdrawal '{"reason":"assured","effectiveAt":"2024-06-10T00:00:00Z"}'
post secretariat /api/funds/ukraine-fund/decisions '{"effectiveAt":"2024-07-10T00:00:00Z"}'
DEU=$(post delegate-DEU /api/pledges '{"fundId":"ukraine-fund","member":"DEU","amount":"1700000000","currency":"EUR",
  "year":2025,"note":"first tranche","effectiveAt":"2024-07-11T00:00:00Z"}' | jq -r .pledgeId)
FRA=$(post delegate-FRA /api/pledges '{"fundId":"ukraine-fund","member":"FRA","amount":"1000000000","currency":"USD",
  "eurRate":"0.92","year":2025,"effectiveAt":"2024-07-12T00:00:00Z"}' | jq -r .pledgeId)
POL=$(post delegate-POL /api/pledges '{"fundId":"ukraine-fund","member":"POL","amount":"300000000","currency":"EUR",
  "year":2025,"effectiveAt":"2024-07-13T00:00:00Z"}' | jq -r .pledgeId)
post secretariat "/api/pledges/$DEU/revisions" '{"amount":"3800000000","kind":"REVISION","reason":"budget law","effectiveAt":"2024-09-01T00:00:00Z"}'
post secretariat "/api/pledges/$DEU/revisions" '{"amount":"3700000000","kind":"CORRECTION","reason":"typo"}'
post secretariat "/api/pledges/$DEU/disbursements" '{"amount":"500000000","currency":"EUR","reference":"batch 1","effectiveAt":"2024-10-01T00:00:00Z"}'
post secretariat "/api/pledges/$FRA/disbursements" '{"amount":"100000000","currency":"USD","eurRate":"0.93","reference":"shells","effectiveAt":"2024-10-02T00:00:00Z"}'
post delegate-POL "/api/pledges/$POL/withdrawal" '{"reason":"redirected bilaterally","effectiveAt":"2024-11-01T00:00:00Z"}'
echo

# the snapshotter and the checkpointer run in the background: give them time, then keep what an auditor keeps
sleep 12
A=(-sf -u auditor:auditor)
DIGEST=$(curl "${A[@]}" "$L/api/audit/digest")
echo "$DIGEST" >"$OUT/digest.json"
AS_OF=$(echo "$DIGEST" | jq -r .recordedAt)
curl "${A[@]}" "$L/api/audit/checkpoint" >"$OUT/checkpoint.json"
curl "${A[@]}" "$L/api/audit/public-key" >"$OUT/public-key.json"
Q="asOf=$AS_OF"
read_to() { curl "${A[@]}" "$L$2" >"$OUT/reads/$1.json"; }
read_to members "/api/members?$Q"
read_to member-DEU "/api/members/DEU?$Q"
read_to member-DEU-before-revision "/api/members/DEU?$Q&effectiveAt=2024-02-01T00:00:00Z"
read_to funds "/api/funds?$Q"
read_to fund "/api/funds/ukraine-fund?$Q"
read_to fund-in-july "/api/funds/ukraine-fund?$Q&effectiveAt=2024-07-31T00:00:00Z"
read_to fair-shares "/api/funds/ukraine-fund/fair-shares?$Q"
read_to position-DEU "/api/funds/ukraine-fund/members/DEU?$Q"
read_to position-FRA "/api/funds/ukraine-fund/members/FRA?$Q"
read_to position-POL "/api/funds/ukraine-fund/members/POL?$Q"
read_to rounds "/api/funds/ukraine-fund/rounds?$Q"
read_to timeline "/api/funds/ukraine-fund/timeline?$Q"
read_to fund-history "/api/funds/ukraine-fund/history?$Q"
read_to pledge-DEU "/api/pledges/$DEU?$Q"
read_to pledge-FRA "/api/pledges/$FRA?$Q"
read_to pledge-POL "/api/pledges/$POL?$Q"
read_to pledge-DEU-history "/api/pledges/$DEU/history?$Q"
read_to events "/api/events?after=0&limit=1000&$Q"
curl "${A[@]}" "$L/api/audit/verify" | jq 'del(.millis)' >"$OUT/verify.json"
jq -n --arg deu "$DEU" --arg fra "$FRA" --arg pol "$POL" --arg asOf "$AS_OF" \
    '{pledges: {DEU: $deu, FRA: $fra, POL: $pol}, asOf: $asOf}' >"$OUT/store.json"
curl -s -u secretariat:secretariat "$L/api/events?after=0&limit=1000" | jq -r '.events[].type' | sort -u >"$OUT/event-types.txt"

kill $PID
wait $PID || true
trap - EXIT
cp "$WORK/ledger.mv.db" "$OUT/ledger.mv.db"
cp "$WORK/checkpoint-signing-key.pem" "$OUT/checkpoint-signing-key.pem"
rm -rf "$WORK"
ls -la "$OUT"
