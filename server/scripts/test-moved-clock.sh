#!/usr/bin/env bash
# Runs the clock-sensitive tests (demo, SLA and service levels, calendars, routing hours, KPIs) with the
# process clock moved by libfaketime (Debian's faketime) to dates where time zone and calendar
# arithmetic is most likely to break: a weekend night, both DST changes in Europe, New Year's Eve.
# The clock keeps running from the fake start; the monotonic clock is left alone so timers work.
# Usage: scripts/test-moved-clock.sh [faketime start ...]   (from server/)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v faketime >/dev/null 2>&1; then
  echo "faketime is not installed (Debian package faketime)" >&2
  exit 1
fi
files=(
  src/modules/demo
  src/modules/sla
  src/modules/calendars
  src/modules/routing
  src/modules/analytics
)
starts=("$@")
if [ ${#starts[@]} -eq 0 ]; then
  starts=(
    '2026-12-19 23:45:00' # Saturday night (Sunday morning in Manila)
    '2027-03-28 00:59:40' # Europe springs forward at 01:00 UTC
    '2027-10-31 00:59:40' # Europe falls back at 01:00 UTC
    '2026-12-31 23:59:30' # New Year's Eve, the year turns during the run
  )
fi
for start in "${starts[@]}"; do
  echo "== clock at ${start} UTC"
  TZ=UTC DONT_FAKE_MONOTONIC=1 faketime -f "@${start}" npx vitest run "${files[@]}"
done
