// SPDX-License-Identifier: Apache-2.0
// This device's Signal keys: made at first login, uploaded with keys.upload in the C++
// clients' format, refilled on keys.low; an upload cut off is repeated on reconnect.
import { KeyHelper } from "@privacyresearch/libsignal-protocol-typescript";
import { toBase64 } from "../core/bytes";
import type { Db } from "../store/db";
import { LAST_RESORT_ID, type SignalStore } from "./signal_store";

const BATCH = 100;
const MAX_ONE_TIME_ID = LAST_RESORT_ID - 1;

interface KeyState {
  signedId: number;
  nextId: number; // the next one-time prekey id
  pending: number[]; // one-time prekey ids generated but not yet uploaded
  uploaded: boolean; // identity, signed and last-resort prekeys are on the server
}

type Call = (op: string, fields: Record<string, unknown>) => Promise<unknown>;

const b64 = (k: ArrayBuffer) => toBase64(new Uint8Array(k));

export class KeyManager {
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly store: SignalStore,
  ) {}

  private state(): Promise<KeyState | undefined> {
    return this.db.get<KeyState>("signal", "keyState");
  }

  // The first time on this browser: a registration id (kept here only; bundles carry 0),
  // the identity key pair and the prekeys.
  async ensure(): Promise<void> {
    if (await this.state()) return;
    const registrationId = (KeyHelper.generateRegistrationId() % 16380) + 1;
    const identity = await KeyHelper.generateIdentityKeyPair();
    await this.db.put("signal", registrationId, "registrationId");
    await this.db.put("signal", identity, "identityKey");
    const signed = await KeyHelper.generateSignedPreKey(identity, 1);
    await this.store.storeSignedPreKey(1, signed.keyPair);
    await this.db.put("signal", signed.signature, "signedSignature:1");
    const lastResort = await KeyHelper.generatePreKey(LAST_RESORT_ID);
    await this.store.storePreKey(LAST_RESORT_ID, lastResort.keyPair);
    const st: KeyState = { signedId: 1, nextId: 1, pending: [], uploaded: false };
    await this.generate(st, BATCH);
  }

  private async generate(st: KeyState, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const id = st.nextId;
      st.nextId = id >= MAX_ONE_TIME_ID ? 1 : id + 1;
      const k = await KeyHelper.generatePreKey(id);
      await this.store.storePreKey(id, k.keyPair);
      st.pending.push(id);
    }
    await this.db.put("signal", st, "keyState");
  }

  // Uploads whatever the server does not have yet; one upload at a time.
  sync(call: Call): Promise<void> {
    this.busy = this.busy.catch(() => undefined).then(() => this.upload(call));
    return this.busy;
  }

  // keys.low: another batch, then upload.
  refill(call: Call): Promise<void> {
    this.busy = this.busy
      .catch(() => undefined)
      .then(async () => {
        const st = await this.state();
        if (!st) return;
        if (st.pending.length < BATCH) await this.generate(st, BATCH);
        await this.upload(call);
      });
    return this.busy;
  }

  private async upload(call: Call): Promise<void> {
    const st = await this.state();
    if (!st || (st.uploaded && st.pending.length === 0)) return;
    const identity = await this.store.getIdentityKeyPair();
    const signed = await this.store.loadSignedPreKey(st.signedId);
    const sig = await this.db.get<ArrayBuffer>("signal", `signedSignature:${st.signedId}`);
    const lastResort = await this.store.loadPreKey(LAST_RESORT_ID);
    if (!identity || !signed || !sig || !lastResort) throw new Error("this browser's Signal keys are incomplete");
    const oneTime: Array<{ id: number; key: string }> = [];
    for (const id of st.pending.slice(0, 500)) {
      const k = await this.store.loadPreKey(id);
      if (k) oneTime.push({ id, key: b64(k.pubKey) });
    }
    await call("keys.upload", {
      identity_key: b64(identity.pubKey),
      signed_prekey: { id: st.signedId, key: b64(signed.pubKey), sig: b64(sig) },
      one_time_prekeys: oneTime,
      last_resort_prekey: { id: LAST_RESORT_ID, key: b64(lastResort.pubKey) },
    });
    const sent = new Set(oneTime.map((k) => k.id));
    st.pending = st.pending.filter((id) => !sent.has(id));
    st.uploaded = true;
    await this.db.put("signal", st, "keyState");
  }
}
