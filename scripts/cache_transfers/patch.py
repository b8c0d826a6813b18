#!/usr/bin/env python3
"""Writes instrumented copies of ClockShard's headers for scripts/cache_transfers.

    patch.py INCLUDE_DIR OUT_DIR

Copies the four headers of include/marketbench/cache/detail that a ClockShard
touches into OUT_DIR (same layout) and makes every access to shared memory call
sim::touch (sim_hook.hpp). Each edit is anchored on exact text of the header;
when the header has changed so that an anchor is gone, it says which and exits
2, rather than measuring a model that misses accesses.
"""
import pathlib
import sys

DETAIL = "marketbench/cache/detail"
HOOK = '#pragma once\n#include "sim_hook.hpp"'

# (header, anchor, replacement); each anchor must occur exactly once
EDITS = [
    ("atomic_words.hpp", "#pragma once", HOOK),
    ("atomic_words.hpp",
     "      std::atomic_ref<std::uint64_t>(words_[i]).store(",
     "      sim::touch(&words_[i], true);\n"
     "      std::atomic_ref<std::uint64_t>(words_[i]).store("),
    ("atomic_words.hpp",
     "      if (std::atomic_ref<std::uint64_t>(words_[i]).load(",
     "      sim::touch(&words_[i], false);\n"
     "      if (std::atomic_ref<std::uint64_t>(words_[i]).load("),
    ("atomic_words.hpp",
     "      words[i] = std::atomic_ref<std::uint64_t>(words_[i]).load(",
     "      sim::touch(&words_[i], false);\n"
     "      words[i] = std::atomic_ref<std::uint64_t>(words_[i]).load("),
    ("slot_index.hpp", "#pragma once", HOOK),
    ("slot_index.hpp",
     "    return std::atomic_ref<std::uint64_t>(slots_[i]).load(",
     "    sim::touch(&slots_[i], false);\n"
     "    return std::atomic_ref<std::uint64_t>(slots_[i]).load("),
    ("slot_index.hpp",
     "    std::atomic_ref<std::uint64_t>(slots_[i]).store(slot,",
     "    sim::touch(&slots_[i], true);\n"
     "    std::atomic_ref<std::uint64_t>(slots_[i]).store(slot,"),
    ("slot_index.hpp", " public:\n",
     " public:\n  void sim_register() const {\n"
     "    sim::reg(slots_.get(), (std::size_t{mask_} + 1) * 8, \"index\");\n"
     "  }\n"),
    ("shard_lock.hpp", "#pragma once", HOOK),
    ("shard_lock.hpp", "std::atomic<std::uint32_t> state_{kFree};",
     "sim::Atomic<std::uint32_t> state_{kFree};"),
    ("clock_shard.hpp", "#pragma once", HOOK),
    ("clock_shard.hpp", "std::atomic<std::uint64_t> version{0};",
     "sim::Atomic<std::uint64_t> version{0};"),
    ("clock_shard.hpp", "std::atomic<std::uint8_t> indexed{0};",
     "sim::Atomic<std::uint8_t> indexed{0};"),
    ("clock_shard.hpp", "std::atomic<std::uint8_t> referenced{0};",
     "sim::Atomic<std::uint8_t> referenced{0};"),
    ("clock_shard.hpp", "alignas(64) std::atomic<std::uint64_t> seq_{0};",
     "alignas(64) sim::Atomic<std::uint64_t> seq_{0};"),
    ("clock_shard.hpp", "    nodes_ = node_storage_.get();\n",
     "    nodes_ = node_storage_.get();\n"
     "    sim::reg(nodes_, sizeof(Node) * capacity_, \"node\");\n"
     "    index_.sim_register();\n"
     "    sim::reg(passed_.get(), capacity_, \"look-ahead mark\");\n"
     "    sim::reg(&lock_, 64, \"lock, hand, counts\");\n"
     "    sim::reg(&seq_, 64, \"index sequence\");\n"),
    # The look-ahead marks are plain bytes: report their writes.
    ("clock_shard.hpp", "    passed_[n] = 0;\n    return n;",
     "    sim::touch(&passed_[n], true);\n    passed_[n] = 0;\n    return n;"),
    ("clock_shard.hpp", "          if (passed_[n] != 0)\n",
     "          sim::touch(&passed_[n], true);\n          if (passed_[n] != 0)\n"),
    ("clock_shard.hpp", "      node.referenced.store(0, std::memory_order_relaxed);\n"
     "      passed_[n] = 0;",
     "      node.referenced.store(0, std::memory_order_relaxed);\n"
     "      ++sim::g_clears;\n      sim::touch(&passed_[n], true);\n      passed_[n] = 0;"),
    ("clock_shard.hpp", "            nodes_[n].referenced.store(0, std::memory_order_relaxed);",
     "            nodes_[n].referenced.store(0, std::memory_order_relaxed), ++sim::g_clears;"),
    # What the code is doing, for the node lines' breakdown.
    ("clock_shard.hpp", "  bool get(const K& key, std::uint64_t hash, V& out) {\n",
     "  bool get(const K& key, std::uint64_t hash, V& out) {\n    sim::g_phase = sim::kGet;\n"),
    ("clock_shard.hpp", "    const std::int64_t expires = has_ttl_ ? now + ttl_ns_ : 0;\n",
     "    const std::int64_t expires = has_ttl_ ? now + ttl_ns_ : 0;\n"
     "    sim::g_phase = sim::kPutPresent;\n"),
    ("clock_shard.hpp", "    const Found found = find(key, hash);  // stable: the key set is ours",
     "    sim::g_phase = sim::kPutLocked;\n"
     "    const Found found = find(key, hash);  // stable: the key set is ours"),
    ("clock_shard.hpp", "    const std::uint32_t n = take_node();\n",
     "    sim::g_phase = sim::kFindVictim;\n    const std::uint32_t n = take_node();\n"
     "    sim::g_phase = sim::kWriteVictim;\n"),
    ("clock_shard.hpp", "    for (std::uint32_t step = 0;; ++step) {\n      const std::uint32_t n = hand_;",
     "    sim::g_phase = sim::kSweep;\n"
     "    for (std::uint32_t step = 0;; ++step) {\n      const std::uint32_t n = hand_;"),
    ("clock_shard.hpp",
     "    if (node.referenced.load(std::memory_order_relaxed) == 0)\n"
     "      node.referenced.store(1, std::memory_order_relaxed);",
     "    if (node.referenced.load(std::memory_order_relaxed) == 0) {\n"
     "      const sim::Phase was = sim::g_phase;\n"
     "      sim::g_phase = sim::kRefSet;\n"
     "      ++sim::g_sets;\n"
     "      node.referenced.store(1, std::memory_order_relaxed);\n"
     "      sim::g_phase = was;\n    }"),
]


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: patch.py INCLUDE_DIR OUT_DIR", file=sys.stderr)
        return 2
    src = pathlib.Path(sys.argv[1]) / DETAIL
    out = pathlib.Path(sys.argv[2]) / DETAIL
    out.mkdir(parents=True, exist_ok=True)
    texts = {}
    for header, anchor, replacement in EDITS:
        if header not in texts:
            texts[header] = (src / header).read_text()
        found = texts[header].count(anchor)
        if found != 1:
            print(f"patch.py: {header}: anchor found {found} times, expected once: "
                  f"{anchor.strip().splitlines()[0]!r} (the header changed; update EDITS)",
                  file=sys.stderr)
            return 2
        texts[header] = texts[header].replace(anchor, replacement)
    for header, text in texts.items():
        (out / header).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
