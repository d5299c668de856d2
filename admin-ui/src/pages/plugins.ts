// SPDX-License-Identifier: Apache-2.0
// Loaded plugin instances with kind, version, ABI and health; each opens its config form.
import { api } from "../core/api";
import { fill, h } from "../core/dom";
import { href, type Visit } from "../core/router";
import type { PluginInstance } from "../core/types";
import { badge, failure, healthBadge, heading, loading, table } from "../ui/parts";

export async function pluginsPage(root: HTMLElement, visit: Visit): Promise<void> {
  const list = h("div", null, loading());
  root.append(heading("Plugins", h("a", { href: href("/wiring") }, "Wiring graph →")), list);
  try {
    const res = await api.get<{ plugins: PluginInstance[] }>("/plugins");
    if (visit.signal.aborted) return;
    fill(
      list,
      table(
        ["Instance", "Plugin", "Kind", "Version", "ABI", "Health", "Config"],
        res.plugins.map((p) => [
          h("a", { href: href(`/plugins/${encodeURIComponent(p.id)}`), "data-plugin": p.id }, p.id),
          p.plugin,
          p.kind,
          p.version,
          p.abi,
          h("span", { class: "health" }, healthBadge(p.health), p.reason ? h("div", { class: "muted small" }, p.reason) : null),
          // The kernel tries a change live; "reloadable" turns false once a plugin refused one.
          p.reloadable ? "" : badge("restart needed"),
        ]),
        { "aria-label": "Plugins" },
      ),
    );
  } catch (e) {
    fill(list, failure(e));
  }
}
