#!/usr/bin/env bash
# ctest setup_cache (docs/CI.md, "Start-up cost"): the benchmarks whose
# untimed set-up is cached on disk (bench/support/setup_cache.hpp) report the
# same with the cache off, cold, warm, and after each cache file was
# truncated, corrupted, or replaced by a well-formed file with wrong content;
# a bad file is regenerated (written again, valid), never used.
# Usage: setup_cache_test.sh MARKETBENCH
set -euo pipefail
bench=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MARKETBENCH_CACHE_DIR=$work/cache
filter='^BM_(RecommendationEngine/stocks:100|DbQueryLatest|DailyPipelineFaults/error_pct:5)$'

run() {  # run NAME [env...]: the benchmarks' deterministic results to NAME.txt
  local name=$1
  shift
  env "$@" "$bench" --benchmark_filter="$filter" --benchmark_min_time=0.01 \
    --benchmark_out="$work/$name.json" --benchmark_out_format=json >/dev/null 2>"$work/$name.err" ||
    { cat "$work/$name.err" >&2; exit 1; }
  python3 - "$work/$name.json" >"$work/$name.txt" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["benchmarks"]
assert len(rows) == 3, [r["name"] for r in rows]
for r in rows:
    assert not r.get("error_occurred"), (r["name"], r.get("error_message"))
    # Quality counters of the cached cycle picks; the others have none.
    print(r["name"], r.get("top_k_precision"), r.get("buy_excess_return"))
PY
  if ! cmp -s "$work/off.txt" "$work/$name.txt"; then
    echo "setup_cache: $name differs from the run without cache:" >&2
    diff "$work/off.txt" "$work/$name.txt" >&2
    exit 1
  fi
}

files() { ls "$work/cache" | grep -v '^days-' | sort; }

run off MARKETBENCH_NO_CACHE=1
[ ! -e "$work/cache" ] || { echo "setup_cache: MARKETBENCH_NO_CACHE=1 wrote $work/cache" >&2; exit 1; }
run cold
names=$(files)
for kind in recommend-picks-s100- store-query-db- pipeline-db-s1000-; do
  grep -q "^$kind" <<<"$names" || { echo "setup_cache: no $kind file after a cold run: $names" >&2; exit 1; }
done
[ "$(wc -l <<<"$names")" -eq 3 ] || { echo "setup_cache: unexpected files: $names" >&2; exit 1; }
mkdir "$work/good"
for f in $names; do cp "$work/cache/$f" "$work/good/$f"; done
run warm

# Each damage, then a run: same results, and every file valid again (the
# picks and the query image are deterministic bytes; the pipeline files
# carry WAL salts, so only their size is compared).
check_regenerated() {  # check_regenerated DAMAGE
  [ "$(files)" = "$names" ] || { echo "setup_cache: $1: files changed: $(files)" >&2; exit 1; }
  for f in $names; do
    if [[ $f == pipeline-db-* ]]; then
      [ "$(stat -c %s "$work/cache/$f")" -eq "$(stat -c %s "$work/good/$f")" ]
    else
      cmp -s "$work/cache/$f" "$work/good/$f"
    fi || { echo "setup_cache: $1: $f was not regenerated" >&2; exit 1; }
  done
}
for f in $names; do truncate -s -1 "$work/cache/$f"; done
run truncated
check_regenerated truncated
for f in $names; do
  size=$(stat -c %s "$work/cache/$f")
  printf '\x55' | dd of="$work/cache/$f" bs=1 seek=$((size / 2)) conv=notrunc status=none
done
run corrupt
check_regenerated corrupt

# Well-formed files (right key, checksum and sizes) whose content is wrong:
# picks of stock 0 only (decode fine, differ from a fresh pass), databases
# of zero bytes. The checksum is checked against the good file's first.
python3 - "$work/cache" <<'PY'
import os, struct, sys
table = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ (0x82F63B78 if c & 1 else 0)
    table.append(c)
def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = table[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF
assert crc32c(b"123456789") == 0xE3069283
for name in sorted(os.listdir(sys.argv[1])):
    if name.startswith("days-"):
        continue
    path = os.path.join(sys.argv[1], name)
    data = open(path, "rb").read()
    version, key_size, payload_size, crc = struct.unpack_from("<IIQI", data, 8)
    key = data[28:28 + key_size]
    if name.startswith("recommend-picks-"):
        assert crc32c(key + data[28 + key_size:]) == crc, name
        values = payload_size // 4
        payload = struct.pack("<%dI" % values, *([1] * 64 + [0] * (values - 64)))
    elif name.startswith("pipeline-db-"):
        payload = struct.pack("<Q", 4096) + bytes(4096)
    else:
        payload = bytes(8192)
    header = struct.pack("<IIQI", version, key_size, len(payload), crc32c(key + payload))
    open(path, "wb").write(data[:8] + header + key + payload)
PY
run wrong_content
check_regenerated wrong_content
echo "setup_cache: results identical off, cold, warm and after truncated, corrupt and wrong-content files; all regenerated"
