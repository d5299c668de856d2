// SPDX-License-Identifier: Apache-2.0
// Sends one message end-to-end encrypted to every device that should get it, answering
// stale_devices by fetching bundles and sending again with the same client_msg_id.
import { utf8 } from "../core/bytes";
import { ApiError } from "../net/http";
import type { Db } from "../store/db";
import type { BundleDevice, Envelopes } from "./envelope";

export type Target = { user: string } | { group: string };
export interface SendReply {
  msg_id: string;
  chat: string;
  seq: number;
  ts: number;
}
type Call = <T>(op: string, fields: Record<string, unknown>) => Promise<T>;

const MAX_ROUNDS = 4;
// A key no device has: with nothing known yet, the server's stale_devices answer names them all.
const PROBE = "probe:none";

const userOf = (key: string) => key.slice(0, key.lastIndexOf(":"));
const deviceOf = (key: string) => key.slice(key.lastIndexOf(":") + 1);

export class E2eeSender {
  constructor(
    private readonly db: Db,
    private readonly envelopes: Envelopes,
    private readonly call: Call,
  ) {}

  // The devices a chat's messages go to, as the server last accepted them.
  async knownDevices(chat: string): Promise<string[]> {
    return (await this.db.get<string[]>("signal", `devices:${chat}`)) ?? [];
  }

  // A device that wrote in this chat is one that should get our messages too.
  async noteDevice(chat: string, key: string, self: string): Promise<void> {
    if (key === self) return;
    const known = await this.knownDevices(chat);
    if (!known.includes(key)) await this.db.put("signal", [...known, key], `devices:${chat}`);
  }

  async send(
    chat: string,
    to: Target,
    body: Record<string, unknown>,
    clientMsgId: string,
    media: string[],
  ): Promise<SendReply> {
    const plaintext = utf8.encode(JSON.stringify(body));
    let expected = await this.knownDevices(chat);
    // A device encrypted for keeps its body across rounds: nothing is encrypted twice.
    const bodies: Record<string, string> = {};
    for (let round = 0; round < MAX_ROUNDS; round++) {
      await this.ensureSessions(expected.filter((k) => !(k in bodies)));
      for (const key of expected) {
        bodies[key] ??= await this.envelopes.encrypt(userOf(key), deviceOf(key), plaintext);
      }
      if (expected.length === 0) bodies[PROBE] = "m:";
      else delete bodies[PROBE];
      try {
        const reply = await this.call<SendReply>("send", {
          to,
          client_msg_id: clientMsgId,
          enc: "e2ee",
          bodies,
          ...(media.length ? { media } : {}),
        });
        await this.db.put("signal", expected, `devices:${chat}`);
        return reply;
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== "stale_devices") throw e;
        const missing = (e.data.missing as string[] | undefined) ?? [];
        const extra = new Set((e.data.extra as string[] | undefined) ?? []);
        for (const k of extra) delete bodies[k];
        expected = [...expected.filter((k) => !extra.has(k)), ...missing.filter((k) => !expected.includes(k))];
        if (expected.length === 0) {
          throw new ApiError(0, "no_devices", "the recipient has no devices to send to (logged out everywhere)");
        }
      }
    }
    throw new ApiError(0, "stale_devices", "the recipients' devices kept changing; try again");
  }

  // Fetches bundles (one keys.bundle per user) for the devices we have no session with.
  private async ensureSessions(keys: string[]): Promise<void> {
    const need = new Map<string, string[]>();
    for (const key of keys) {
      if (await this.envelopes.hasSession(userOf(key), deviceOf(key))) continue;
      const u = userOf(key);
      need.set(u, [...(need.get(u) ?? []), deviceOf(key)]);
    }
    for (const [user, devices] of need) {
      const b = await this.call<{ devices: BundleDevice[] }>("keys.bundle", { user });
      for (const device of devices) {
        const d = b.devices.find((x) => x.device === device);
        if (!d) {
          throw new ApiError(0, "no_keys", `a device of ${user} has no encryption keys (an old client?); it cannot be sent end-to-end encrypted messages`);
        }
        await this.envelopes.startSession(user, d);
      }
    }
  }
}
