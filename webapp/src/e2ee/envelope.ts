// SPDX-License-Identifier: Apache-2.0
// One Signal body per device in the wire format shared with the C++ clients: address
// "<user>:<device>" (device id 1), body "pk:<base64>" or "m:<base64>".
import {
  SessionBuilder,
  SessionCipher,
  SignalProtocolAddress,
} from "@privacyresearch/libsignal-protocol-typescript";
import { fromBase64, fromBinaryString, toArrayBuffer, toBase64 } from "../core/bytes";
import type { SignalStore } from "./signal_store";

export interface BundleDevice {
  device: string;
  identity_key: string;
  signed_prekey: { id: number; key: string; sig: string };
  one_time_prekey: { id: number; key: string } | null;
  last_resort?: boolean;
}

const PREKEY_MESSAGE = 3;

export function address(user: string, device: string): SignalProtocolAddress {
  return new SignalProtocolAddress(`${user}:${device}`, 1);
}

const buf = (b64: string) => toArrayBuffer(fromBase64(b64));

export class Envelopes {
  constructor(private readonly store: SignalStore) {}

  async hasSession(user: string, device: string): Promise<boolean> {
    return new SessionCipher(this.store, address(user, device)).hasOpenSession();
  }

  // Starts a session from a keys.bundle entry (its signature is checked by the library).
  async startSession(user: string, d: BundleDevice): Promise<void> {
    await new SessionBuilder(this.store, address(user, d.device)).processPreKey({
      identityKey: buf(d.identity_key),
      registrationId: 0, // the server keeps none; see docs/app.md
      signedPreKey: {
        keyId: d.signed_prekey.id,
        publicKey: buf(d.signed_prekey.key),
        signature: buf(d.signed_prekey.sig),
      },
      preKey: d.one_time_prekey
        ? { keyId: d.one_time_prekey.id, publicKey: buf(d.one_time_prekey.key) }
        : undefined,
    });
  }

  async encrypt(user: string, device: string, plaintext: Uint8Array): Promise<string> {
    const m = await new SessionCipher(this.store, address(user, device)).encrypt(toArrayBuffer(plaintext));
    const body = m.body as unknown;
    const bytes = typeof body === "string" ? fromBinaryString(body) : new Uint8Array(body as ArrayBuffer);
    return `${m.type === PREKEY_MESSAGE ? "pk" : "m"}:${toBase64(bytes)}`;
  }

  async decrypt(user: string, device: string, body: string): Promise<Uint8Array> {
    const colon = body.indexOf(":");
    const kind = body.slice(0, colon);
    const bytes = toArrayBuffer(fromBase64(body.slice(colon + 1)));
    const cipher = new SessionCipher(this.store, address(user, device));
    if (kind === "pk") return new Uint8Array(await cipher.decryptPreKeyWhisperMessage(bytes));
    if (kind === "m") return new Uint8Array(await cipher.decryptWhisperMessage(bytes));
    throw new Error(`unknown body kind "${kind}"`);
  }
}
