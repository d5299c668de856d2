// SPDX-License-Identifier: Apache-2.0
// Uploads with the server's tus 1.0 routes (POST /v1/media/uploads, PATCH in 4 MiB pieces,
// HEAD to learn the offset after a dropped piece) and downloads through media.url links.
import { errorOf } from "../net/http";
import { sha256Hex, type Bytes } from "../core/bytes";

const PIECE = 4 * 1024 * 1024;
const MAX_RETRIES = 5; // failed pieces in a row before giving up

export interface Uploaded {
  media_id: string;
  sha256: string;
  size: number;
  content_type: string;
}

async function failOn(res: Response): Promise<never> {
  throw errorOf(res.status, (await res.json().catch(() => ({}))) as Record<string, unknown>);
}

export async function upload(
  bytes: Bytes,
  contentType: string,
  token: () => Promise<string>,
  onProgress: (sent: number) => void = () => undefined,
): Promise<Uploaded> {
  const auth = async () => ({ Authorization: `Bearer ${await token()}`, "Tus-Resumable": "1.0.0" });
  const created = await fetch("/v1/media/uploads", {
    method: "POST",
    headers: { ...(await auth()), "Upload-Length": String(bytes.length), "Content-Type": contentType },
  });
  if (created.status !== 201) await failOn(created);
  const location = created.headers.get("Location");
  if (!location) throw new Error("the server did not say where to upload");
  let offset = 0;
  let failures = 0;
  for (let round = 0; round < Math.ceil(bytes.length / PIECE) + MAX_RETRIES + 1; round++) {
    const piece = bytes.subarray(offset, Math.min(bytes.length, offset + PIECE));
    let res: Response;
    try {
      res = await fetch(location, {
        method: "PATCH",
        headers: {
          ...(await auth()),
          "Upload-Offset": String(offset),
          "Content-Type": "application/offset+octet-stream",
        },
        body: piece,
      });
    } catch (e) {
      // A dropped connection: ask where the server is, then go on from there.
      if (++failures > MAX_RETRIES) throw e;
      const head = await fetch(location, { method: "HEAD", headers: await auth() });
      if (!head.ok) await failOn(head);
      offset = Number(head.headers.get("Upload-Offset") ?? offset);
      continue;
    }
    if (res.status === 200) {
      const done = (await res.json()) as Uploaded;
      if (done.sha256 !== (await sha256Hex(bytes))) throw new Error("the server stored different bytes (SHA-256)");
      onProgress(bytes.length);
      return done;
    }
    if (res.status === 204 || res.status === 409) {
      failures = res.status === 409 ? failures + 1 : 0;
      if (failures > MAX_RETRIES) await failOn(res);
      offset = Number(res.headers.get("Upload-Offset") ?? offset);
      onProgress(offset);
      continue;
    }
    await failOn(res);
  }
  throw new Error("the upload did not finish");
}

export async function download(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  if (!res.ok) await failOn(res);
  return res.arrayBuffer();
}
