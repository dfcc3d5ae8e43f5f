"""Benchmarks: `python -m benchmarks [--quick] [--only B1,B3]`.

B1 updates against an echo bot, B2 the claim at scale, B3 the fan-out (limits on and off), B4
memory, B5 quiet chats during a flood, B6 a settings change, B7 the CPU of a recap. B1, B3 and
B5 run the emulator in a process of its own (``botapi_emulator.process``).

Each figure is reported next to a baseline measured in the same run (a ratio), because the
machines are shared and absolute timings wander. Results are printed as a table and written to
benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from benchmarks.claims import b2_claims
from benchmarks.fairness import b5_fairness
from benchmarks.fan_out import b3_fan_out
from benchmarks.memory import b4_memory
from benchmarks.service import b6_settings, b7_recap_cpu
from benchmarks.support import RESULTS
from benchmarks.updates import b1_updates
from bot.collector import settle_start_up
from bot.domain.curriculum import default_curriculum_path, load_curriculum


async def main(quick: bool, only: set[str]) -> dict[str, Any]:
    curriculum = load_curriculum(default_curriculum_path())
    # This process stands in for the bot's, in which ``coach run`` settles the collector once
    # started (bot.collector); the baselines run in it too, so they share the setting.
    settle_start_up()
    postgres = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL")
    runs: dict[str, Callable[[], Awaitable[dict[str, Any]]]] = {
        "B1": lambda: b1_updates(curriculum, quick, postgres),
        "B2": lambda: b2_claims(curriculum, quick, postgres),
        "B3": lambda: b3_fan_out(curriculum, quick),
        "B4": lambda: b4_memory(curriculum, quick),
        "B5": lambda: b5_fairness(curriculum, quick),
        "B6": lambda: b6_settings(curriculum, quick),
        "B7": lambda: b7_recap_cpu(curriculum, quick),
    }
    results: dict[str, Any] = {}
    if only and RESULTS.exists():  # a partial run updates the figures of the last full one
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    results |= {
        "mode": "quick" if quick else "full",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}",
    }
    for name, run in runs.items():
        if only and name not in only:
            continue
        print(f"running {name}…", file=sys.stderr, flush=True)
        began = time.perf_counter()
        results[name] = await run()
        results.setdefault("seconds", {})[name] = round(time.perf_counter() - began, 1)
        RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    return results


def table(results: dict[str, Any]) -> str:
    lines = [f"mode: {results['mode']} · {results['machine']}"]
    if "B1" in results:
        b1 = results["B1"]
        echo = b1["echo"]
        for backend in ("sqlite", "postgresql"):
            if backend in b1:
                ours = b1[backend]["ours"]
                lines.append(
                    f"B1 updates   {backend}: ours {ours['updates_per_second']:.0f}/s "
                    f"(p50 {ours['p50_ms']:.0f} ms, p99 {ours['p99_ms']:.0f} ms) · echo "
                    f"{echo['updates_per_second']:.0f}/s · ratio {b1[backend]['ratio']:.2f} "
                    "(goal >= 0.7)"
                )
    if "B2" in results:
        b2 = results["B2"]
        for backend in ("sqlite", "postgresql"):
            if backend in b2:
                small, large = b2["sizes"]
                row = b2[backend]
                secs = row["claim_seconds"]
                lines.append(
                    f"B2 claim     {backend}: {small:,} learners {secs[str(small)] * 1000:.0f} ms"
                    f" · {large:,} {secs[str(large)] * 1000:.0f} ms · ratio "
                    f"{row['ratio_large_to_small']:.2f} (goal <= 1.5)"
                )
    if "B3" in results:
        b3 = results["B3"]
        limited, free = b3["with_limits"], b3["without_limits"]
        lines.append(
            f"B3a fan-out  limits on: {limited['messages_per_second']:.1f}/s = "
            f"{limited['ratio_to_configured_rate']:.2f} of {limited['configured_per_second']}/s, "
            f"{limited['responses_429']} x 429 (goal >= 0.97, no 429)"
        )
        lines.append(
            f"B3b fan-out  limits off: {free['messages_per_second']:.0f}/s · bare PTB loop "
            f"{free['bare_loop']['messages_per_second']:.0f}/s · ratio "
            f"{free['ratio_to_bare_loop']:.2f}, the median of "
            f"{' · '.join(f'{r:.2f}' for r in free['ratios_of_rounds'])} (goal >= 0.8)"
        )
    if "B4" in results:
        b4 = results["B4"]
        lines.append(
            f"B4 memory    {b4['learners']:,} learners: idle {b4['idle_rss_mb']:.0f} MB, "
            f"peak during a tick {b4['peak_rss_mb_during_tick']:.0f} MB (goal <= 250 MB)"
        )
    if "B5" in results:
        b5 = results["B5"]
        lines.append(
            f"B5 fairness  {b5['quiet_chats']} quiet chats' p99 {b5['calm']['p99_ms']:.0f} ms, "
            f"{b5['flooded']['p99_ms']:.0f} ms while one chat sends {b5['flood_recaps']} /recap: "
            f"ratio {b5['ratio']:.2f} (goal <= 2)"
        )
    if "B6" in results:
        b6 = results["B6"]
        lines.append(
            f"B6 settings  /remind 07:30 through the service: p50 {b6['p50_ms']:.1f} ms, "
            f"p99 {b6['p99_ms']:.1f} ms (goal p99 <= 5 ms)"
        )
    if "B7" in results:
        b7 = results["B7"]
        lines.append(
            f"B7 recap     CPU {b7['cpu_ms_per_recap']:.0f} ms a recap (report + chart + texts; "
            f"chart and texts {b7['chart_and_texts_cpu_ms']:.0f} ms) (goal <= 100 ms)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smaller run of a few minutes")
    parser.add_argument("--only", default="", help="comma-separated: B1,B2,B3,B4,B5,B6,B7")
    options = parser.parse_args()
    chosen = {name.strip().upper() for name in options.only.split(",") if name.strip()}
    outcome = asyncio.run(main(options.quick, chosen))
    print(table(outcome))
