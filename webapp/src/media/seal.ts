// SPDX-License-Identifier: Apache-2.0
// Files sealed exactly as the C++ client seals them: AES-256-GCM under a fresh key, uploaded
// as nonce(12) || ciphertext || tag(16).
import { fromHex, randomBytes, sha256Hex, toHex, type Bytes } from "../core/bytes";

export interface FileRef {
  id: string;
  key: string; // 64 hex digits
  sha256: string; // of the uploaded (sealed) bytes, hex
  size: number; // uploaded bytes
  type: string;
  name: string;
}

export interface Sealed {
  bytes: Bytes;
  key: string;
  sha256: string;
}

const NONCE = 12;
const TAG = 16;

export async function seal(plain: ArrayBuffer): Promise<Sealed> {
  const raw = randomBytes(32);
  const nonce = randomBytes(NONCE);
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt"]);
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv: nonce, tagLength: 128 }, key, plain));
  // WebCrypto's AES-GCM output is already ciphertext || tag: the nonce goes in front.
  const bytes = new Uint8Array(NONCE + ct.length);
  bytes.set(nonce, 0);
  bytes.set(ct, NONCE);
  return { bytes, key: toHex(raw), sha256: await sha256Hex(bytes) };
}

// Checks the hash first (a wrong file is refused before any decryption), then the tag.
export async function open(sealed: ArrayBuffer, file: Pick<FileRef, "key" | "sha256">): Promise<ArrayBuffer> {
  if (sealed.byteLength < NONCE + TAG) throw new Error("the file is too short to be sealed");
  if ((await sha256Hex(sealed)) !== file.sha256.toLowerCase()) throw new Error("the file's SHA-256 does not match");
  const key = await crypto.subtle.importKey("raw", fromHex(file.key), "AES-GCM", false, ["decrypt"]);
  const bytes = new Uint8Array(sealed);
  return crypto.subtle.decrypt(
    { name: "AES-GCM", iv: bytes.subarray(0, NONCE), tagLength: 128 },
    key,
    bytes.subarray(NONCE),
  );
}
