// SPDX-License-Identifier: Apache-2.0
// Starts the admin UI: restores the session from the cookie, declares the pages and hands the
// page to the router. Every page is a thin client of one or two admin API calls.
import "./styles/base.css";
import "./styles/shell.css";
import "./styles/pages.css";
import { whenUnauthorized } from "./core/api";
import { h } from "./core/dom";
import { navigate, route, start, type Page } from "./core/router";
import { me, restore, signedIn } from "./core/session";
import { shell, type Shell } from "./ui/shell";
import { loginPage } from "./pages/login";
import { dashboardPage } from "./pages/dashboard";
import { usersPage } from "./pages/users";
import { userPage } from "./pages/user_detail";
import { groupsPage } from "./pages/groups";
import { groupPage } from "./pages/group_detail";
import { pluginsPage } from "./pages/plugins";
import { pluginPage } from "./pages/plugin_detail";
import { wiringPage } from "./pages/wiring";
import { botsPage } from "./pages/bots";
import { botPage } from "./pages/bot_detail";
import { auditPage } from "./pages/audit";
import { adminsPage } from "./pages/admins";

let frame: Shell | null = null;

function here(): string {
  return location.pathname.replace(/^\/admin/, "") + location.search;
}

// Draws `page` inside the navigation frame, or sends the visitor to the login page.
function inShell(section: string, page: Page): Page {
  return async (root, visit) => {
    if (!me()) {
      navigate(`/login?next=${encodeURIComponent(here())}`, { replace: true });
      return;
    }
    if (!frame) frame = shell();
    root.replaceChildren(frame.element);
    frame.select(section);
    frame.main.replaceChildren();
    await page(frame.main, visit);
  };
}

const notFound: Page = (root) => {
  root.append(h("h1", null, "Not found"), h("p", null, "No page at this address."));
};

route("/login", "login", (root, visit) => {
  if (me()) {
    navigate("/", { replace: true });
    return;
  }
  frame = null;
  return loginPage(root, visit);
});
route("/", "dashboard", inShell("dashboard", dashboardPage));
route("/users", "users", inShell("users", usersPage));
route("/users/:id", "user", inShell("users", userPage));
route("/groups", "groups", inShell("groups", groupsPage));
route("/groups/:id", "group", inShell("groups", groupPage));
route("/plugins", "plugins", inShell("plugins", pluginsPage));
route("/plugins/:id", "plugin", inShell("plugins", pluginPage));
route("/wiring", "wiring", inShell("wiring", wiringPage));
route("/bots", "bots", inShell("bots", botsPage));
route("/bots/:name", "bot", inShell("bots", botPage));
route("/audit", "audit", inShell("audit", auditPage));
route("/admins", "admins", inShell("admins", adminsPage));

whenUnauthorized(() => {
  if (!me()) return;
  signedIn(null);
  frame = null;
  navigate(`/login?next=${encodeURIComponent(here())}`, { replace: true });
});

async function boot(): Promise<void> {
  const app = document.getElementById("app");
  if (!app) return;
  await restore();
  start(app, (name) => document.body.setAttribute("data-page", name), inShell("", notFound));
}

void boot();
