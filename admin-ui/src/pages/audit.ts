// SPDX-License-Identifier: Apache-2.0
// The audit log (GET /v1/admin/audit): every admin action, who did it, when and from where,
// newest first, paged.
import { api, query } from "../core/api";
import { fill, h } from "../core/dom";
import { dateTime } from "../core/format";
import type { Visit } from "../core/router";
import type { AuditEntry } from "../core/types";
import { failure, heading, loading, table } from "../ui/parts";
import { pager } from "../ui/pager";

function details(d: unknown): string {
  if (d === null || d === undefined || d === "") return "";
  return typeof d === "string" ? d : JSON.stringify(d);
}

export function auditPage(root: HTMLElement, visit: Visit): void {
  const list = h("div", null, loading());
  const pages = pager(() => void load());
  root.append(heading("Audit log"), list, pages.element);

  async function load(): Promise<void> {
    fill(list, loading());
    try {
      const res = await api.get<{ entries: AuditEntry[]; next?: string | null }>(
        "/audit" + query({ limit: 50, before: pages.cursor() }),
      );
      if (visit.signal.aborted) return;
      fill(
        list,
        table(
          ["When", "Admin", "Action", "Target", "From", "Details"],
          res.entries.map((e) => [dateTime(e.ts), e.admin, h("code", null, e.action), e.target, e.address, h("span", { class: "mono small" }, details(e.details))]),
          { "aria-label": "Audit log" },
        ),
      );
      pages.loaded(res.next === undefined || res.next === null ? null : String(res.next), res.entries.length);
    } catch (e) {
      fill(list, failure(e));
    }
  }
  void load();
}
