#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Folds the benchmark's per-run JSON lines into one document: per scenario the runs, and the
# median, min and max of each headline figure; then the ratios against the peers. A peer row
# measured in several settings (runs tagged "setting", e.g. Mosquitto stock and nodelay) is
# summarized per setting and keeps the better one: the most deliveries/s, or for a fixed-rate
# row the lowest p99.
import json
import statistics
import sys

# scenario -> figures (dotted paths into a run's JSON) summarized over its runs
LAT = ["delivered_per_s", "latency.p50_ms", "latency.p95_ms", "latency.p99_ms", "latency.max_ms",
       "lost", "duplicates", "loadgen_cpu_pct"]
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
    "ejabberd_one_to_one": LAT + ["peer_cpu_pct", "error_stanzas"],
    "ejabberd_fixed_10k": LAT + ["peer_cpu_pct", "error_stanzas"],
    "media_transfer": ["upload_mb_per_s", "download_mb_per_s", "server_rss_before_mb",
                       "server_rss_peak_mb", "server_rss_growth_mb"],
    "ejabberd_download": ["download_mb_per_s"],
}

# (ours, peer, goal[, figure]): the figure defaults to delivered_per_s.
RATIOS = {
    "ws_one_to_one / ejabberd_one_to_one": ("ws_one_to_one", "ejabberd_one_to_one", 1.0),
    "ws_one_to_one / mosquitto_one_to_one": ("ws_one_to_one", "mosquitto_one_to_one", 0.75),
    "mqtt_switchboard / mosquitto_one_to_one": ("mqtt_switchboard", "mosquitto_one_to_one", 0.4),
    "ws_group_256 / mosquitto_fanout_256": ("ws_group_256", "mosquitto_fanout_256", 1.0),
    "media_transfer / ejabberd_download (MB/s)": ("media_transfer", "ejabberd_download", 1.0,
                                                  "download_mb_per_s"),
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


def better(name, a, b):
    """True if summary a beats summary b for this row."""
    if "fixed" in name:
        pa, pb = (s.get("latency.p99_ms", {}).get("median") for s in (a, b))
        return pa is not None and (pb is None or pa < pb)
    da, db = (s.get("delivered_per_s", {}).get("median") for s in (a, b))
    return da is not None and (db is None or da > db)


def summarize_settings(name, rs):
    figures = FIGURES.get(name, [])
    settings = sorted({r["setting"] for r in rs if "setting" in r})
    if not settings:
        return {"runs": rs, "summary": summarize(rs, figures)}
    by = {s: summarize([r for r in rs if r.get("setting") == s], figures) for s in settings}
    best = settings[0]
    for s in settings[1:]:
        if better(name, by[s], by[best]):
            best = s
    return {"runs": rs, "summary": by[best], "setting": best,
            "chosen_by": "lowest p99" if "fixed" in name else "most delivered/s",
            "by_setting": by}


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
        scenarios[name] = summarize_settings(name, rs)
    ratios = {}
    for label, (ours, peer, goal, *figure) in RATIOS.items():
        key = figure[0] if figure else "delivered_per_s"
        a = scenarios.get(ours, {}).get("summary", {}).get(key)
        b = scenarios.get(peer, {}).get("summary", {}).get(key)
        if a and b and b["median"]:
            r = round(a["median"] / b["median"], 3)
            ratios[label] = {"ratio": r, "goal": goal, "met": r >= goal}
    # Every run of every row must lose and duplicate nothing; this says whether that held.
    counts = {name: {k: sum(r.get(k, 0) for r in rs if not r.get("died"))
                     for k in ("lost", "duplicates")} for name, rs in runs.items()}
    header["scenarios"] = scenarios
    header["ratios"] = ratios
    header["integrity"] = {
        "lost": sum(c["lost"] for c in counts.values()),
        "duplicates": sum(c["duplicates"] for c in counts.values()),
        "rows_with_losses_or_duplicates": sorted(n for n, c in counts.items()
                                                 if c["lost"] or c["duplicates"]),
    }
    print(json.dumps(header, indent=2))


if __name__ == "__main__":
    main()
