// SPDX-License-Identifier: Apache-2.0
// A small history router for /admin/...: patterns with :params, links that do not reload the
// page, and an AbortSignal per visit so a page's timers and requests stop when it is left.

export const BASE = "/admin";

export interface Visit {
  params: Record<string, string>;
  query: URLSearchParams;
  signal: AbortSignal;
}

export type Page = (root: HTMLElement, visit: Visit) => void | Promise<void>;

interface Route {
  parts: string[];
  page: Page;
  name: string;
}

const routes: Route[] = [];
let mounted: { root: HTMLElement; onChange: (name: string) => void; fallback: Page } | null = null;
let current: AbortController | null = null;

export function route(pattern: string, name: string, page: Page): void {
  routes.push({ parts: pattern.split("/").filter(Boolean), page, name });
}

function match(path: string): { route: Route; params: Record<string, string> } | null {
  const parts = path.split("/").filter(Boolean);
  for (const r of routes) {
    if (r.parts.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = r.parts.every((p, i) => {
      const got = parts[i] ?? "";
      if (p.startsWith(":")) {
        params[p.slice(1)] = decodeURIComponent(got);
        return true;
      }
      return p === got;
    });
    if (ok) return { route: r, params };
  }
  return null;
}

// The path inside the UI ("/users/u_1") of a full location.
function localPath(pathname: string): string {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  return rest === "" ? "/" : rest;
}

export function href(path: string): string {
  return BASE + (path === "/" ? "/" : path);
}

async function render(): Promise<void> {
  if (!mounted) return;
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const found = match(localPath(location.pathname));
  const page = found?.route.page ?? mounted.fallback;
  mounted.onChange(found?.route.name ?? "");
  mounted.root.replaceChildren();
  window.scrollTo(0, 0);
  try {
    await page(mounted.root, {
      params: found?.params ?? {},
      query: new URLSearchParams(location.search),
      signal: controller.signal,
    });
  } catch (e) {
    if (!controller.signal.aborted) throw e;
  }
}

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  const url = href(path);
  if (opts.replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  void render();
}

// Re-draws the current page (after a change that alters what it shows).
export function refresh(): void {
  void render();
}

export function start(root: HTMLElement, onChange: (name: string) => void, fallback: Page): void {
  mounted = { root, onChange, fallback };
  window.addEventListener("popstate", () => void render());
  document.addEventListener("click", (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
    const a = (ev.target as Element | null)?.closest?.("a");
    if (!a || a.target || a.hasAttribute("download")) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
    ev.preventDefault();
    history.pushState(null, "", url.pathname + url.search);
    void render();
  });
  void render();
}
