// SPDX-License-Identifier: Apache-2.0
// One bot: its Lua source in an editor, saved with PUT /v1/admin/bots/{name} — the server
// checks the syntax first and refuses a broken script (the running version stays), and the
// error's line is marked — plus reload, enable/disable and the bot's recent log.
import { api, ApiError, enc } from "../core/api";
import { fill, h } from "../core/dom";
import { dateTime } from "../core/format";
import type { Visit } from "../core/router";
import { canChange } from "../core/session";
import type { BotDetail } from "../core/types";
import { actionButton, badge, errorText, failure, heading, loading, table } from "../ui/parts";
import { toast } from "../ui/toast";
import { codeEditor } from "../widgets/code_editor";

// The line of a Lua error: the API's "line" field, else "name.lua:12:" in the message.
export function errorLine(e: unknown): number | null {
  if (!(e instanceof ApiError)) return null;
  const line = e.details.line;
  if (typeof line === "number") return line;
  const m = /:(\d+):/.exec(e.message);
  return m ? Number(m[1]) : null;
}

export async function botPage(root: HTMLElement, visit: Visit): Promise<void> {
  const name = visit.params.name ?? "";
  const path = `/bots/${enc(name)}`;
  const state = h("span");
  const body = h("div", null, loading());
  root.append(heading(`Bot ${name}`, state), body);
  let bot: BotDetail;
  try {
    bot = await api.get<BotDetail>(path);
  } catch (e) {
    fill(body, failure(e));
    return;
  }
  if (visit.signal.aborted) return;
  const change = canChange();
  const editor = codeEditor(bot.source, `Source of ${name}`, !change);
  const result = h("p", { class: "editor-result", role: "status" });
  const log = h("section", { class: "bot-log" });

  function showState(b: Pick<BotDetail, "enabled" | "healthy" | "reason">): void {
    fill(state, b.enabled ? badge("enabled", "ok") : badge("disabled"), b.healthy === false ? badge(b.reason || "failing", "bad") : null);
  }

  async function reload(): Promise<void> {
    const fresh = await api.get<BotDetail>(path);
    bot = fresh;
    showState(fresh);
    fill(
      log,
      h("h2", null, "Recent log"),
      table(
        ["Time", "Level", "Message"],
        [...fresh.log].reverse().map((l) => [dateTime(l.ts), badge(l.level, l.level === "error" ? "bad" : l.level === "warn" ? "warn" : "muted"), h("span", { class: "mono" }, l.message)]),
        { "aria-label": "Bot log" },
      ),
    );
    toggle.textContent = fresh.enabled ? "Disable" : "Enable";
  }

  const save = h("button", { type: "button", class: "primary" }, "Save");
  save.addEventListener("click", async () => {
    save.disabled = true;
    editor.markLine(null);
    result.className = "editor-result";
    result.textContent = "Checking…";
    try {
      await api.put(path, { source: editor.value() });
      result.classList.add("ok");
      result.textContent = "Saved: the syntax is valid and the bot reloaded.";
      await reload();
    } catch (e) {
      result.classList.add("error");
      const line = errorLine(e);
      result.textContent = `Refused${line ? ` (line ${line})` : ""}: ${errorText(e)}. The running version is unchanged.`;
      editor.markLine(line);
    } finally {
      save.disabled = false;
    }
  });
  const toggle = actionButton(bot.enabled ? "Disable" : "Enable", async () => {
    const what = bot.enabled ? "disable" : "enable";
    await api.post(`${path}/${what}`);
    await reload();
    return `${name} ${what}d`;
  });
  const reloadBtn = actionButton("Reload", async () => {
    await api.post(`${path}/reload`);
    await reload();
    return `${name} reloaded`;
  });
  const refreshLog = actionButton("Refresh log", async () => {
    await reload();
  });

  fill(
    body,
    editor.element,
    result,
    h("div", { class: "actions" }, change ? [save, reloadBtn, toggle] : null, refreshLog),
    log,
  );
  try {
    await reload();
  } catch (e) {
    toast(errorText(e), "error");
  }
}
