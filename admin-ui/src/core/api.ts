// SPDX-License-Identifier: Apache-2.0
// The one way the UI talks to the admin REST API (/v1/admin): JSON in and out, the session
// cookie, the CSRF header on every change, and errors turned into ApiError.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    // The whole error object, for fields some routes add (a Lua error's "line").
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const BASE = "/v1/admin";
let csrfToken = "";
let onUnauthorized: (() => void) | null = null;

export function setCsrf(token: string): void {
  csrfToken = token;
}

// Called when a request answers 401 (the session expired or was never there).
export function whenUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, "unreachable", `the server did not answer (${String(e)})`);
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(res.status, "internal", `not JSON: ${text.slice(0, 200)}`);
    }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; field?: string } } | null)
      ?.error;
    if (res.status === 401 && path !== "/login" && onUnauthorized) onUnauthorized();
    throw new ApiError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? res.statusText,
      err?.field,
      (err ?? {}) as Record<string, unknown>,
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body: unknown = {}) => request<T>("POST", path, body),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  del: <T>(path: string, body?: unknown) => request<T>("DELETE", path, body),
};

// Builds "?a=1&b=2" from the values that are set.
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

export const enc = encodeURIComponent;
