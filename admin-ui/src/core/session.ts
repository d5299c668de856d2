// SPDX-License-Identifier: Apache-2.0
// Who is logged in: the admin's name, role and CSRF token, and what that role may do. The API
// enforces roles; the UI only hides what would be refused.
import { api, setCsrf } from "./api";
import type { Me, Role } from "./types";

let current: Me | null = null;

export function me(): Me | null {
  return current;
}

export function signedIn(who: Me | null): void {
  current = who;
  setCsrf(who?.csrf ?? "");
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, owner: 2 };

export function atLeast(role: Role): boolean {
  return current !== null && RANK[current.role] >= RANK[role];
}

// Operators and owners change users, groups, plugins and bots; owners also admins and tokens.
export const canChange = (): boolean => atLeast("operator");
export const canManageAdmins = (): boolean => atLeast("owner");

// Asks the server whether the cookie still holds a session.
export async function restore(): Promise<Me | null> {
  try {
    const who = await api.get<Me>("/me");
    signedIn(who);
    return who;
  } catch {
    signedIn(null);
    return null;
  }
}
