// SPDX-License-Identifier: Apache-2.0
// The WebSocket to /v1/ws: auth frame, replies matched to requests, inbox events handled in
// order and acked only once handled, reconnects with capped backoff.
import { Emitter } from "../core/emitter";
import type { Tokens } from "./auth";
import { ApiError } from "./http";

export type LinkState = "connecting" | "online" | "offline";
export type Frame = Record<string, unknown>;

interface Pending {
  resolve: (f: Frame) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

const CALL_TIMEOUT_MS = 20_000;
const MAX_ATTEMPTS = 60; // ~25 minutes of trying at the capped delay, then wait for the user
const MAX_DELAY_MS = 30_000;

export class Connection {
  readonly events = new Emitter<{ state: LinkState; connected: void; loggedOut: string }>();
  state: LinkState = "offline";
  private ws: WebSocket | null = null;
  private pending = new Map<string, Pending>();
  private nextId = 0;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  // Inbox events are handled strictly one after another: decryption changes Signal state.
  private chain: Promise<void> = Promise.resolve();
  private ackCursor = 0;
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly tokens: Tokens,
    private readonly onEvent: (ev: Frame) => Promise<void>,
  ) {
    window.addEventListener("online", () => this.retryNow());
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.ws?.close(1000);
    this.ws = null;
    this.setState("offline");
  }

  retryNow(): void {
    if (this.stopped || this.state !== "offline") return;
    this.attempts = 0;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.open();
  }

  // Sends a request and resolves with its reply; an error reply rejects with ApiError.
  async call<T = Frame>(op: string, fields: Frame = {}): Promise<T> {
    await this.ready(CALL_TIMEOUT_MS);
    return (await this.raw(op, fields)) as T;
  }

  // Fire-and-forget ops (typing) are dropped while offline: they are worthless later.
  send(op: string, fields: Frame = {}): void {
    if (this.state === "online") this.ws?.send(JSON.stringify({ op, ...fields }));
  }

  private raw(op: string, fields: Frame): Promise<Frame> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new ApiError(0, "offline", "not connected"));
    }
    const id = `w${++this.nextId}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ApiError(0, "timeout", `no answer to ${op} within ${CALL_TIMEOUT_MS / 1000} s`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, {
        timer,
        reject,
        resolve: (f) => {
          if (f.ok === false) {
            const err = (f.error ?? {}) as Record<string, unknown>;
            reject(new ApiError(400, String(err.code ?? "error"), String(err.message ?? op), err));
          } else resolve(f);
        },
      });
      ws.send(JSON.stringify({ id, op, ...fields }));
    });
  }

  private ready(ms: number): Promise<void> {
    if (this.state === "online") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== go);
        reject(new ApiError(0, "offline", "not connected to the server"));
      }, ms);
      const go = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(go);
    });
  }

  private setState(s: LinkState): void {
    if (s === this.state) return;
    this.state = s;
    this.events.emit("state", s);
    if (s === "online") {
      const w = this.waiters;
      this.waiters = [];
      for (const go of w) go();
    }
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    this.setState("connecting");
    let token: string;
    try {
      token = await this.tokens.access();
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return; // logged out
      this.scheduleRetry();
      return;
    }
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/v1/ws`;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = async () => {
      // A browser cannot set headers on a WebSocket: the token goes in the auth frame.
      try {
        await this.raw("auth", { token });
        this.attempts = 0;
        this.setState("online");
        this.events.emit("connected", undefined);
      } catch (e) {
        if (e instanceof ApiError && e.code === "unauthorized") {
          await this.tokens.refresh().catch(() => undefined);
        }
        ws.close();
      }
    };
    ws.onmessage = (m) => this.onFrame(String(m.data));
    ws.onclose = (c) => {
      if (this.ws !== ws) return;
      this.ws = null;
      for (const [, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new ApiError(0, "offline", "the connection closed"));
      }
      this.pending.clear();
      if (c.code === 4003 || c.code === 4004) {
        this.stopped = true;
        this.setState("offline");
        this.events.emit("loggedOut", c.code === 4003 ? "this device was logged out" : "banned");
        return;
      }
      if (c.code === 4001) void this.tokens.refresh().catch(() => undefined);
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    this.setState("offline");
    if (this.stopped || this.attempts >= MAX_ATTEMPTS) return;
    const delay = Math.min(MAX_DELAY_MS, 500 * 2 ** this.attempts) * (0.5 + Math.random() / 2);
    this.attempts++;
    this.retryTimer = setTimeout(() => void this.open(), delay);
  }

  private onFrame(text: string): void {
    let f: Frame;
    try {
      f = JSON.parse(text) as Frame;
    } catch {
      return;
    }
    if (f.id !== undefined && this.pending.has(String(f.id))) {
      const p = this.pending.get(String(f.id))!;
      this.pending.delete(String(f.id));
      clearTimeout(p.timer);
      p.resolve(f);
      return;
    }
    if (typeof f.ev !== "string") return;
    if (f.ev === "session.revoked") {
      this.stopped = true;
      this.events.emit("loggedOut", `logged out by the server (${String(f.reason)})`);
      return;
    }
    const cursor = typeof f.cursor === "number" ? f.cursor : 0;
    if (!cursor) {
      void this.onEvent(f).catch((e) => console.error(e));
      return;
    }
    // After every (re)connect the server replays what this device has not acked; the model
    // skips what it handled before (its stored cursor), so nothing is decrypted twice.
    const ws = this.ws;
    this.chain = this.chain
      .then(() => this.onEvent(f))
      .catch((e) => console.error("event", f.ev, e))
      .then(() => this.ack(cursor, ws));
  }

  // Acks are coalesced: the newest handled cursor goes out at most every 100 ms.
  private ack(cursor: number, ws: WebSocket | null): void {
    if (ws !== this.ws) return; // the server replays it on the next connection
    this.ackCursor = Math.max(this.ackCursor, cursor);
    if (this.ackTimer) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = null;
      if (this.ws && this.state === "online") {
        this.ws.send(JSON.stringify({ id: `a${++this.nextId}`, op: "ack", cursor: this.ackCursor }));
      }
    }, 100);
  }
}
