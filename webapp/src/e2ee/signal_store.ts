// SPDX-License-Identifier: Apache-2.0
// The Signal library's storage over IndexedDB: our keys, sessions, and others' identity keys
// (trusted on first use; a change is accepted and reported).
import type { Direction, KeyPairType, StorageType } from "@privacyresearch/libsignal-protocol-typescript";
import type { Db } from "../store/db";

export const LAST_RESORT_ID = 0xffffff;

// The library names sessions "<name>.<device id>"; identities by name alone.
function nameOf(encodedAddress: string): string {
  const dot = encodedAddress.lastIndexOf(".");
  return dot > 0 && /^\d+$/.test(encodedAddress.slice(dot + 1)) ? encodedAddress.slice(0, dot) : encodedAddress;
}

function equal(a: ArrayBuffer, b: ArrayBuffer): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  return x.every((v, i) => v === y[i]);
}

export class SignalStore implements StorageType {
  // Names whose identity key changed since they were first seen; the UI tells the user.
  onIdentityChanged: (name: string) => void = () => undefined;

  constructor(private readonly db: Db) {}

  getIdentityKeyPair(): Promise<KeyPairType | undefined> {
    return this.db.get<KeyPairType>("signal", "identityKey");
  }

  getLocalRegistrationId(): Promise<number | undefined> {
    return this.db.get<number>("signal", "registrationId");
  }

  async isTrustedIdentity(_identifier: string, _key: ArrayBuffer, _direction: Direction): Promise<boolean> {
    return true;
  }

  async saveIdentity(encodedAddress: string, publicKey: ArrayBuffer): Promise<boolean> {
    const name = nameOf(encodedAddress);
    const known = await this.db.get<ArrayBuffer>("signal", `identity:${name}`);
    if (known && equal(known, publicKey)) return false;
    await this.db.put("signal", publicKey, `identity:${name}`);
    if (known) this.onIdentityChanged(name);
    return Boolean(known);
  }

  loadIdentity(name: string): Promise<ArrayBuffer | undefined> {
    return this.db.get<ArrayBuffer>("signal", `identity:${name}`);
  }

  loadPreKey(keyId: string | number): Promise<KeyPairType | undefined> {
    return this.db.get<KeyPairType>("signal", `prekey:${keyId}`);
  }

  async storePreKey(keyId: number | string, keyPair: KeyPairType): Promise<void> {
    await this.db.put("signal", keyPair, `prekey:${keyId}`);
  }

  // A one-time prekey goes after its first use; the last-resort key stays forever.
  async removePreKey(keyId: number | string): Promise<void> {
    if (Number(keyId) === LAST_RESORT_ID) return;
    await this.db.delete("signal", `prekey:${keyId}`);
  }

  async storeSession(encodedAddress: string, record: string): Promise<void> {
    await this.db.put("signal", record, `session:${encodedAddress}`);
  }

  loadSession(encodedAddress: string): Promise<string | undefined> {
    return this.db.get<string>("signal", `session:${encodedAddress}`);
  }

  loadSignedPreKey(keyId: number | string): Promise<KeyPairType | undefined> {
    return this.db.get<KeyPairType>("signal", `signed:${keyId}`);
  }

  async storeSignedPreKey(keyId: number | string, keyPair: KeyPairType): Promise<void> {
    await this.db.put("signal", keyPair, `signed:${keyId}`);
  }

  async removeSignedPreKey(keyId: number | string): Promise<void> {
    await this.db.delete("signal", `signed:${keyId}`);
  }
}
