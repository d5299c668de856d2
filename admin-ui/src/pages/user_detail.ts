// SPDX-License-Identifier: Apache-2.0
// One user: who they are, their devices (last seen, transport, online) with revoke, ban or
// unban, and delete with their data after typing the user's id.
import { api, enc } from "../core/api";
import { fill, h } from "../core/dom";
import { ago, dateTime } from "../core/format";
import { navigate, type Visit } from "../core/router";
import { canChange } from "../core/session";
import type { Device, UserRow } from "../core/types";
import { confirmAction } from "../ui/confirm";
import { actionButton, badge, failure, heading, loading, table } from "../ui/parts";
import { userStatus } from "./users";

interface UserDetail {
  user: UserRow & { created?: number };
  devices: Device[];
}

export async function userPage(root: HTMLElement, visit: Visit): Promise<void> {
  const id = visit.params.id ?? "";
  const path = `/users/${enc(id)}`;
  const body = h("div", null, loading());
  root.append(heading(`User ${id}`), body);

  async function load(): Promise<void> {
    let d: UserDetail;
    try {
      d = await api.get<UserDetail>(path);
    } catch (e) {
      fill(body, failure(e));
      return;
    }
    if (visit.signal.aborted) return;
    const u = d.user;
    const change = canChange();
    const ban = u.banned
      ? actionButton("Unban", async () => {
          await api.post(`${path}/unban`);
          await load();
          return `${id} unbanned`;
        })
      : actionButton(
          "Ban",
          async () => {
            const ok = await confirmAction({
              title: `Ban ${u.name || id}?`,
              message: "Their devices are disconnected at once and they cannot log in until unbanned.",
              action: "Ban",
            });
            if (!ok) return;
            await api.post(`${path}/ban`);
            await load();
            return `${id} banned`;
          },
          { class: "danger" },
        );
    const del = actionButton(
      "Delete user",
      async () => {
        const ok = await confirmAction({
          title: `Delete ${u.name || id}?`,
          message: "Deletes the user with their messages, devices, keys and media references. This cannot be undone.",
          action: "Delete",
          typeToConfirm: id,
        });
        if (!ok) return;
        await api.del(path, { confirm: id });
        navigate("/users");
        return `${id} deleted`;
      },
      { class: "danger" },
    );
    const devices = d.devices.map((dev) => [
      h("span", null, dev.name || dev.id, h("div", { class: "muted small" }, dev.id)),
      dev.online ? badge("online", "ok") : badge("offline"),
      dev.transport || "—",
      h("span", { title: dateTime(dev.last_seen) }, dev.online ? "now" : ago(dev.last_seen)),
      change
        ? actionButton(
            "Revoke",
            async () => {
              const ok = await confirmAction({
                title: `Revoke ${dev.name || dev.id}?`,
                message: "The device is logged out and its connection closed; it has to log in again.",
                action: "Revoke",
              });
              if (!ok) return;
              await api.post(`${path}/devices/${enc(dev.id)}/revoke`);
              await load();
              return `${dev.id} revoked`;
            },
            { "data-device": dev.id },
          )
        : "",
    ]);
    fill(
      body,
      h(
        "dl",
        { class: "facts" },
        h("dt", null, "Name"),
        h("dd", null, u.name || "—"),
        h("dt", null, "Phone"),
        h("dd", null, u.phone),
        h("dt", null, "Status"),
        h("dd", { "data-status": u.banned ? "banned" : "active" }, userStatus(u)),
        h("dt", null, "Last seen"),
        h("dd", null, u.online ? "now" : dateTime(u.last_seen)),
        u.created ? [h("dt", null, "Created"), h("dd", null, dateTime(u.created))] : null,
      ),
      change ? h("div", { class: "actions" }, ban, del) : null,
      h("h2", null, "Devices"),
      table(["Device", "State", "Transport", "Last seen", ""], devices, { "aria-label": "Devices" }),
    );
  }
  await load();
}
