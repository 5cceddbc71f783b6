#!/usr/bin/env bash
# Times the README's two commands in a fresh clone, as a newcomer runs them: `make run` until
# /health/live answers, then `make test`. pip's (and uv's) download cache stays as this machine
# has it; only the clone and its .venv are new.
#   bench/fresh_clone.sh [REPOSITORY [BRANCH]]      default: this checkout, its current branch
# Extra environment (e.g. TEST_REDIS_URL=...) passes through to `make test`; RUN_ONLY=1 stops
# after `make run`.
set -euo pipefail
repository=$(cd "${1:-.}" && pwd)
branch=${2:-$(git -C "$repository" rev-parse --abbrev-ref HEAD)}
work=$(mktemp -d /tmp/fresh-clone.XXXXXX)
git clone --quiet --branch "$branch" "$repository" "$work/app"
cd "$work/app"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

now() { date +%s.%N; }
start=$(now)
setsid make run HOST="127.0.0.1:$port" >"$work/run.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/health/live" >/dev/null; do
    if ! kill -0 "$server" 2>/dev/null; then cat "$work/run.log"; exit 1; fi
    sleep 0.2
done
run_seconds=$(echo "$(now) - $start" | bc)
kill -- "-$server"
wait "$server" 2>/dev/null || true

if [ -n "${RUN_ONLY:-}" ]; then
    printf 'branch %s, commit %s: make run (until serving): %.1f s\n' "$branch" "$(git rev-parse --short HEAD)" "$run_seconds"
    exit 0
fi
start=$(now)
make test PYTEST_ARGS="-q" >"$work/test.log" 2>&1 || { tail -30 "$work/test.log"; exit 1; }
test_seconds=$(echo "$(now) - $start" | bc)

printf 'branch %s, commit %s, in %s\n' "$branch" "$(git rev-parse --short HEAD)" "$work/app"
printf 'make run  (until serving): %6.1f s\n' "$run_seconds"
printf 'make test (after make run): %6.1f s   %s\n' "$test_seconds" "$(tail -1 "$work/test.log")"
