// SPDX-License-Identifier: Apache-2.0
// JSON over HTTP to the same origin the app was served from, with the server's error shape
// ({"error":{"code","message"}}) turned into ApiError.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function postJson<T>(path: string, body: unknown, timeoutMs = 15000): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new ApiError(0, "unreachable", `the server did not answer (${(e as Error).message})`);
  }
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw errorOf(res.status, data);
  return data as T;
}

export function errorOf(status: number, data: Record<string, unknown>): ApiError {
  const err = (data.error ?? {}) as Record<string, unknown>;
  return new ApiError(
    status,
    typeof err.code === "string" ? err.code : "http_" + status,
    typeof err.message === "string" ? err.message : `HTTP ${status}`,
    err,
  );
}
