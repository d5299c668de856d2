// SPDX-License-Identifier: Apache-2.0
// Reads a message body ({"text"} and/or {"file"}), whether it came in plain (enc "none") or
// out of a decrypted Signal message: only well-formed fields are kept.
import type { FileRef } from "../media/seal";

export interface Body {
  text?: string;
  file?: FileRef;
}

const str = (v: unknown, max = 100_000): v is string => typeof v === "string" && v.length <= max;

export function readBody(v: unknown): Body {
  if (typeof v !== "object" || v === null) return {};
  const o = v as Record<string, unknown>;
  const out: Body = {};
  if (str(o.text)) out.text = o.text;
  const f = o.file as Record<string, unknown> | undefined;
  if (
    f &&
    typeof f === "object" &&
    str(f.id, 200) &&
    str(f.key) &&
    /^[0-9a-fA-F]{64}$/.test(f.key) &&
    str(f.sha256) &&
    /^[0-9a-fA-F]{64}$/.test(f.sha256) &&
    typeof f.size === "number"
  ) {
    out.file = {
      id: f.id,
      key: f.key,
      sha256: f.sha256.toLowerCase(),
      size: f.size,
      type: str(f.type, 200) ? f.type : "application/octet-stream",
      name: str(f.name, 500) ? f.name : "file",
    };
  }
  return out;
}
