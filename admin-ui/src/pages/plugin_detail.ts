// SPDX-License-Identifier: Apache-2.0
// One plugin instance: its facts, health, and its config as a form generated from the
// schema; "Apply" sends PUT /v1/admin/plugins/{id}/config, which validates and reloads.
import { api, enc } from "../core/api";
import { fill, h } from "../core/dom";
import type { Visit } from "../core/router";
import { canChange } from "../core/session";
import type { PluginInstance } from "../core/types";
import { configForm } from "../widgets/config_form";
import { failure, healthBadge, heading, loading } from "../ui/parts";

export async function pluginPage(root: HTMLElement, visit: Visit): Promise<void> {
  const id = visit.params.id ?? "";
  const body = h("div", null, loading());
  root.append(heading(`Plugin ${id}`), body);
  let p: PluginInstance | undefined;
  try {
    const res = await api.get<{ plugins: PluginInstance[] }>("/plugins");
    p = res.plugins.find((x) => x.id === id);
  } catch (e) {
    fill(body, failure(e));
    return;
  }
  if (visit.signal.aborted) return;
  if (!p) {
    fill(body, h("p", { class: "error" }, `No plugin instance "${id}".`));
    return;
  }
  const reason = !canChange()
    ? "Your role can read the config, not change it."
    : !p.reloadable
      ? "This plugin cannot take a new config while running: change the config file and restart."
      : undefined;
  const form = configForm(p.schema, p.config, {
    idPrefix: `cfg-${p.id}`,
    readOnly: reason !== undefined,
    readOnlyReason: reason,
    submit: async (config) => {
      await api.put(`/plugins/${enc(id)}/config`, { config });
      return "Applied: the plugin reloaded with the new config.";
    },
  });
  fill(
    body,
    h(
      "dl",
      { class: "facts" },
      h("dt", null, "Plugin"),
      h("dd", null, p.plugin),
      h("dt", null, "Kind"),
      h("dd", null, p.kind),
      h("dt", null, "Version"),
      h("dd", null, p.version),
      h("dt", null, "ABI"),
      h("dd", null, p.abi),
      h("dt", null, "Health"),
      h("dd", null, healthBadge(p.health), p.reason ? ` ${p.reason}` : ""),
    ),
    h("h2", null, "Config"),
    reason
      ? null
      : h(
          "p",
          { class: "muted small" },
          "Apply validates the whole section and hands it to the running plugin; one that cannot change live refuses and keeps its config. A change lasts until the next restart: write it into the config file to keep it.",
        ),
    form.element,
  );
}
