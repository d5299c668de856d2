// SPDX-License-Identifier: Apache-2.0
// The admin API's answers as the UI reads them (docs/admin.md is the contract).

export type Role = "viewer" | "operator" | "owner";

export interface Me {
  name: string;
  role: Role;
  csrf: string;
}

export type Series = Array<[number, number]>;

export interface HandlerFigure {
  instance: string;
  event: string;
  kind?: string;
  calls?: number;
  latency_ms: number | { mean?: number; p95?: number };
  errors: number;
}

export interface Dashboard {
  now: number;
  figures: Record<string, unknown> & { handlers?: HandlerFigure[] };
  history: Record<string, Series>;
}

export interface UserRow {
  id: string;
  phone: string;
  name: string;
  banned: boolean;
  online: boolean;
  last_seen: number | null;
}

export interface Device {
  id: string;
  name: string;
  last_seen: number | null;
  transport: string | null;
  online: boolean;
}

export interface GroupRow {
  id: string;
  name: string;
  policy: string;
  created: number;
  members?: number;
}

export interface Member {
  user: string;
  role: string;
}

export interface SchemaRow {
  key: string;
  type: string;
  default?: unknown;
  description?: string;
  min?: number | null;
  max?: number | null;
  choices?: string[] | null;
  secret?: boolean;
  required?: boolean;
}

export interface PluginInstance {
  id: string;
  plugin: string;
  kind: string;
  version: string;
  abi: string;
  health: string;
  reason: string;
  reloadable: boolean;
  state?: string;
  config: Record<string, unknown>;
  schema: SchemaRow[];
}

export interface WiringHandler {
  instance: string;
  mode: "interceptor" | "observer";
  // Set by [bus.handlers] `events`: wired by the manifest, kept from this event by the deployment.
  excluded?: boolean;
  priority?: number | null;
  deadline_ms?: number | null;
  failure_mode?: string | null;
}

export interface WiringEvent {
  event: string;
  handlers: WiringHandler[];
}

export interface BotRow {
  name: string;
  enabled: boolean;
  healthy: boolean;
  reason: string;
}

export interface LogLine {
  ts: number;
  level: string;
  message: string;
}

export interface BotDetail {
  name: string;
  source: string;
  enabled: boolean;
  healthy?: boolean;
  reason?: string;
  log: LogLine[];
}

export interface AuditEntry {
  ts: number;
  admin: string;
  action: string;
  target: string;
  address: string;
  details: unknown;
}

export interface AdminRow {
  name: string;
  role: Role;
  created?: number;
}

export interface TokenRow {
  id: string;
  name: string;
  role: Role;
  created?: number;
  expires?: number | null;
  expired?: boolean;
  created_by?: string;
}
