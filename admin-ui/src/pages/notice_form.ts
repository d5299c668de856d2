// SPDX-License-Identifier: Apache-2.0
// The server-notice form (POST /v1/admin/notices): a text, and the users to reach — given
// (a group's members) or typed, one id per line; none means every user.
import { api } from "../core/api";
import { h } from "../core/dom";
import { confirmAction } from "../ui/confirm";
import { errorText } from "../ui/parts";
import { toast } from "../ui/toast";

export function noticeForm(fixedUsers: string[] | null): HTMLFormElement {
  const text = h("textarea", { name: "text", rows: 3, required: true, maxlength: 4000 });
  const users = fixedUsers
    ? null
    : h("textarea", { name: "users", rows: 2, placeholder: "u_… one per line (empty: everyone)" });
  const send = h("button", { type: "submit", class: "primary" }, "Send notice");
  const form = h(
    "form",
    { class: "stack notice" },
    h("label", null, "Text", text),
    users ? h("label", null, "Users", users) : h("p", { class: "muted small" }, `To the ${fixedUsers?.length ?? 0} members.`),
    send,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const list = fixedUsers ?? (users?.value ?? "").split(/[\s,]+/).filter(Boolean);
    const everyone = list.length === 0;
    const ok = await confirmAction({
      title: "Send a server notice?",
      message: everyone ? "Every user gets this message." : `${list.length} user(s) get this message.`,
      action: "Send",
    });
    if (!ok) return;
    send.disabled = true;
    try {
      const res = await api.post<{ sent?: number }>("/notices", everyone ? { text: text.value } : { text: text.value, users: list });
      toast(`Notice sent${res.sent === undefined ? "" : ` to ${res.sent} user(s)`}`);
      form.reset();
    } catch (e) {
      toast(errorText(e), "error");
    } finally {
      send.disabled = false;
    }
  });
  return form;
}
