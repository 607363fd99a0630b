#!/usr/bin/env bash
# Times `iamtutor simulate --batch` as a whole process over 5,000 mixed
# requests (benches/simulate_batch/gen_requests.py), and, where Node and the
# npm registry are at hand, the same requests through
# @cloud-copilot/iam-simulate (installed here, under benches/, never at test
# time). Usage: bash benches/simulate_batch/run.sh [N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
n="${1:-5000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 "$here/gen_requests.py" "$n" > "$work/requests.jsonl"
(cd "$root" && cargo build --release --quiet)
bin="$root/target/release/iamtutor"

best=""
for _ in 1 2 3 4 5; do
    start=$(date +%s.%N)
    # Exit status 1 only says some line was refused; the count says how many.
    "$bin" simulate --batch "$work/requests.jsonl" > "$work/out.jsonl" 2> "$work/err.txt" || true
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
done
refused=$(grep -c '"Error"' "$work/out.jsonl" || true)
echo "iamtutor simulate --batch: $n requests in ${best}s (best of 5), $refused refused"

if [ "${SKIP_NODE:-}" = "" ] && command -v node > /dev/null && command -v npm > /dev/null; then
    node_dir="$here/node"
    if [ ! -d "$node_dir/node_modules/@cloud-copilot/iam-simulate" ]; then
        mkdir -p "$node_dir"
        (cd "$node_dir" && npm init -y > /dev/null && npm install --silent @cloud-copilot/iam-simulate > /dev/null)
    fi
    start=$(date +%s.%N)
    node "$here/iam_simulate.mjs" "$work/requests.jsonl" > "$work/node.txt"
    end=$(date +%s.%N)
    echo "@cloud-copilot/iam-simulate: $(cat "$work/node.txt") in $(echo "$end - $start" | bc)s"
fi
