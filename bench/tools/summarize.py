#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Folds the benchmark's per-run JSON lines into one document: per scenario the runs, and the
# median, min and max of each headline figure; then the ratios against the peers.
import json
import statistics
import sys

# scenario -> figures (dotted paths into a run's JSON) summarized over its runs
LAT = ["delivered_per_s", "latency.p50_ms", "latency.p95_ms", "latency.p99_ms", "latency.max_ms"]
FIGURES = {
    "idle": ["connections", "connect_per_s", "rss_per_conn_kb", "server_threads", "idle_cpu_pct",
             "server_rss_mb"],
    "ws_one_to_one": LAT + ["server_cpu_pct"],
    "ws_fixed_rate": ["target_rate"] + LAT + ["server_cpu_pct"],
    "ws_fixed_10k": LAT + ["server_cpu_pct"],
    "ws_group_256": LAT + ["server_cpu_pct"],
    "pg_one_to_one": LAT + ["server_cpu_pct"],
    "bot_echo": LAT + ["server_cpu_pct"],
    "mqtt_switchboard": LAT + ["server_cpu_pct", "broker_cpu_pct"],
    "mosquitto_one_to_one": LAT + ["broker_cpu_pct"],
    "mosquitto_fixed_10k": LAT + ["broker_cpu_pct"],
    "mosquitto_fanout_256": LAT + ["broker_cpu_pct"],
    "ejabberd_one_to_one": LAT + ["peer_cpu_pct"],
    "ejabberd_fixed_10k": LAT + ["peer_cpu_pct"],
}

RATIOS = {
    "ws_one_to_one / ejabberd_one_to_one": ("ws_one_to_one", "ejabberd_one_to_one", 1.0),
    "ws_one_to_one / mosquitto_one_to_one": ("ws_one_to_one", "mosquitto_one_to_one", 0.75),
    "mqtt_switchboard / mosquitto_one_to_one": ("mqtt_switchboard", "mosquitto_one_to_one", 0.4),
    "ws_group_256 / mosquitto_fanout_256": ("ws_group_256", "mosquitto_fanout_256", 1.0),
}


def get(d, path):
    for part in path.split("."):
        if not isinstance(d, dict) or part not in d:
            return None
        d = d[part]
    return d if isinstance(d, (int, float)) and not isinstance(d, bool) else None


def summarize(runs, figures):
    # A run during which the measured server died is kept in "runs" but not summarized.
    runs = [r for r in runs if not r.get("died")]
    out = {"runs_summarized": len(runs)} if runs else {}
    for f in figures:
        vals = [v for v in (get(r, f) for r in runs) if v is not None]
        if vals:
            out[f] = {"median": statistics.median(vals), "min": min(vals), "max": max(vals),
                      "n": len(vals)}
    return out


def main():
    header = json.load(open(sys.argv[1]))
    runs = {}
    for line in open(sys.argv[2]):
        line = line.strip()
        if line:
            rec = json.loads(line)
            runs.setdefault(rec.pop("bench_scenario"), []).append(rec)
    scenarios = {}
    for name, rs in runs.items():
        scenarios[name] = {"runs": rs, "summary": summarize(rs, FIGURES.get(name, []))}
    ratios = {}
    for label, (ours, peer, goal) in RATIOS.items():
        a = scenarios.get(ours, {}).get("summary", {}).get("delivered_per_s")
        b = scenarios.get(peer, {}).get("summary", {}).get("delivered_per_s")
        if a and b and b["median"]:
            r = round(a["median"] / b["median"], 3)
            ratios[label] = {"ratio": r, "goal": goal, "met": r >= goal}
    header["scenarios"] = scenarios
    header["ratios"] = ratios
    print(json.dumps(header, indent=2))


if __name__ == "__main__":
    main()
