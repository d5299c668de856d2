// SPDX-License-Identifier: Apache-2.0
// Phone login (/v1/auth/*) and the token pair, refreshed under a Web Lock so two tabs never
// reuse a rotated refresh token.
import type { Db } from "../store/db";
import { ApiError, postJson } from "./http";

export interface Login {
  user_id: string;
  device_id: string;
  access_token: string;
  refresh_token: string;
  expires_at: number; // ms since the epoch, from expires_in
  phone: string;
}

interface TokenAnswer {
  user_id: string;
  device_id: string;
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

export async function requestCode(phone: string): Promise<void> {
  await postJson("/v1/auth/request-code", { phone });
}

export async function verify(phone: string, code: string, deviceName: string): Promise<Login> {
  const t = await postJson<TokenAnswer>("/v1/auth/verify", { phone, code, device_name: deviceName });
  return { ...t, phone, expires_at: Date.now() + t.expires_in * 1000 };
}

export function deviceName(): string {
  const ua = navigator.userAgent;
  const browser = /Firefox\//.test(ua)
    ? "Firefox"
    : /Edg\//.test(ua)
      ? "Edge"
      : /Chrom(e|ium)\//.test(ua)
        ? "Chromium"
        : /Safari\//.test(ua)
          ? "Safari"
          : "Browser";
  return `Web (${browser})`;
}

export class Tokens {
  constructor(
    private readonly db: Db,
    private login: Login,
    private readonly onLoggedOut: (why: string) => void,
  ) {}

  get current(): Login {
    return this.login;
  }

  // An access token good for at least another minute.
  async access(): Promise<string> {
    if (this.login.expires_at - Date.now() > 60_000) return this.login.access_token;
    await this.refresh();
    return this.login.access_token;
  }

  async refresh(): Promise<void> {
    const used = this.login.refresh_token;
    const run = async () => {
      const stored = await this.db.get<Login>("kv", "login");
      if (stored && stored.refresh_token !== used) {
        this.login = stored; // another tab rotated the pair already
        return;
      }
      try {
        const t = await postJson<TokenAnswer>("/v1/auth/refresh", { refresh_token: used });
        this.login = { ...this.login, ...t, expires_at: Date.now() + t.expires_in * 1000 };
        await this.db.put("kv", this.login, "login");
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
          this.onLoggedOut(e.message);
        }
        throw e;
      }
    };
    if (navigator.locks) await navigator.locks.request("sb-token-refresh", run);
    else await run();
  }
}
