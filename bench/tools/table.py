#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Prints the markdown tables of docs/performance.md from a bench/results/*.json document.
import json
import sys

d = json.load(open(sys.argv[1]))
S = d["scenarios"]


def fig(name, path, unit=""):
    s = S.get(name, {}).get("summary", {}).get(path)
    if not s:
        return "—"
    f = (lambda v: f"{v:,.0f}") if s["median"] >= 100 else (lambda v: f"{v:g}")
    return f"{f(s['median'])}{unit} ({f(s['min'])}–{f(s['max'])})"


print(f"commit {d['commit']}{' (dirty tree)' if d.get('dirty') else ''}, {d['date']}, "
      f"{d['machine']['cores']} cores, {d['machine']['memory_mb']} MB, load average at the end "
      f"{d['machine']['load_avg_at_end'][0]:.1f}; {d['config']['runs']} runs each, median (min–max)\n")
print("| scenario | delivered/s | p50 ms | p95 ms | p99 ms | max ms | CPU % of a core | "
      "loadgen CPU % | lost / dup |")
print("|---|---|---|---|---|---|---|---|---|")
rows = [("ws_one_to_one", "server_cpu_pct"), ("ws_fixed_rate", "server_cpu_pct"),
        ("ws_fixed_10k", "server_cpu_pct"), ("ws_group_256", "server_cpu_pct"),
        ("pg_one_to_one", "server_cpu_pct"), ("bot_echo", "server_cpu_pct"),
        ("mqtt_switchboard", "server_cpu_pct"), ("mosquitto_one_to_one", "broker_cpu_pct"),
        ("mosquitto_fixed_10k", "broker_cpu_pct"), ("mosquitto_fanout_256", "broker_cpu_pct"),
        ("ejabberd_one_to_one", "peer_cpu_pct"), ("ejabberd_fixed_10k", "peer_cpu_pct")]
def lost_dup(name):
    runs = [r for r in S[name].get("runs", []) if not r.get("died")]
    if S[name].get("setting"):
        runs = [r for r in runs if r.get("setting") == S[name]["setting"]]
    return f"{sum(r.get('lost', 0) for r in runs):g} / {sum(r.get('duplicates', 0) for r in runs):g}"


for name, cpu in rows:
    if name in S:
        label = name + (f" ({S[name]['setting']})" if S[name].get("setting") else "")
        print(f"| {label} | {fig(name, 'delivered_per_s')} | {fig(name, 'latency.p50_ms')} | "
              f"{fig(name, 'latency.p95_ms')} | {fig(name, 'latency.p99_ms')} | "
              f"{fig(name, 'latency.max_ms')} | {fig(name, cpu)} | {fig(name, 'loadgen_cpu_pct')} | "
              f"{lost_dup(name)} |")
settings = [n for n in S if S[n].get("by_setting")]
if settings:
    print("\n| peer row | setting | delivered/s | p50 ms | p99 ms | kept |")
    print("|---|---|---|---|---|---|")
    for n in settings:
        for st, sm in S[n]["by_setting"].items():
            g = lambda k: (lambda v: "—" if v is None else f"{v:,.0f}" if v >= 100 else f"{v:g}")(
                sm.get(k, {}).get("median"))
            print(f"| {n} | {st} | {g('delivered_per_s')} | {g('latency.p50_ms')} | "
                  f"{g('latency.p99_ms')} | {'yes' if st == S[n]['setting'] else ''} |")
if "bot_echo" in S:
    b = S["bot_echo"].get("summary", {})
    rate, cpu = b.get("delivered_per_s", {}).get("median"), b.get("server_cpu_pct", {}).get("median")
    if rate and cpu:
        print(f"\nbot_echo: server CPU per round trip (message in, Lua callback, reply out, both "
              f"stored): {cpu / 100 / rate * 1e6:.0f} µs")
if "idle" in S:
    print("\n| idle | connections | connect/s | server RSS KB per connection | server threads | "
          "server CPU % idle |")
    print("|---|---|---|---|---|---|")
    print(f"| | {fig('idle', 'connections')} | {fig('idle', 'connect_per_s')} | "
          f"{fig('idle', 'rss_per_conn_kb')} | {fig('idle', 'server_threads')} | "
          f"{fig('idle', 'idle_cpu_pct')} |")
if "media_transfer" in S:
    print("\n| media (one file while 50 clients chat) | upload MB/s | download MB/s | server RSS "
          "before MB | peak MB | growth MB |")
    print("|---|---|---|---|---|---|")
    print(f"| switchboard | {fig('media_transfer', 'upload_mb_per_s')} | "
          f"{fig('media_transfer', 'download_mb_per_s')} | "
          f"{fig('media_transfer', 'server_rss_before_mb')} | "
          f"{fig('media_transfer', 'server_rss_peak_mb')} | "
          f"{fig('media_transfer', 'server_rss_growth_mb')} |")
    if "ejabberd_download" in S:
        print(f"| ejabberd (mod_http_upload GET) | — | {fig('ejabberd_download', 'download_mb_per_s')} "
              f"| — | — | — |")
print("\n| ratio (medians) | measured | goal | met |")
print("|---|---|---|---|")
for k, v in d.get("ratios", {}).items():
    print(f"| {k} | {v['ratio']} | ≥ {v['goal']} | {'yes' if v['met'] else 'no'} |")
