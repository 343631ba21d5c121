import type { Stage, Tab } from "../ipc";

export type Page = "calendar" | "jobs" | "profiles" | "audit" | "settings";
export type Route =
  | { kind: "tab"; tab: Tab }
  | { kind: "page"; page: Page }
  | { kind: "server"; id: string }
  // A server's KVM console, a page of its own so it can fill the window.
  | { kind: "console"; id: string }
  // One job, opened on the Jobs page.
  | { kind: "job"; id: string };

// Menu order. Tab values are the backend's own, so a new stage tab fails to compile here.
export const stageTabs: readonly Tab[] = ["inventory", "building", "in_service", "maintenance", "deletion"];
export const pages: readonly Page[] = ["calendar", "jobs", "profiles", "audit", "settings"];

export const defaultRoute: Route = { kind: "tab", tab: "inventory" };

/** The tab that lists a server in this stage; retired servers are reviewed from Inventory. */
export const tabOfStage: Record<Stage, Tab> = {
  inventory: "inventory",
  retired: "inventory",
  building: "building",
  in_service: "in_service",
  maintenance_customer: "maintenance",
  maintenance_operator: "maintenance",
  deletion: "deletion",
};

export function routeHash(route: Route): string {
  if (route.kind === "server") return `#/servers/${encodeURIComponent(route.id)}`;
  if (route.kind === "console") return `#/servers/${encodeURIComponent(route.id)}/console`;
  if (route.kind === "job") return `#/jobs/${encodeURIComponent(route.id)}`;
  const name = route.kind === "tab" ? route.tab : route.page;
  return `#/${name.replace(/_/g, "-")}`;
}

function decodedId(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, "");
  // Server and job ids are the backend's and may hold hyphens, so they are matched
  // before the tab names' hyphens are turned back into underscores. An id's own
  // slashes are encoded, so a literal "/console" can only be the console page.
  const consolePage = /^servers\/([^/]+)\/console$/.exec(path);
  const consoleId = consolePage?.[1] === undefined ? null : decodedId(consolePage[1]);
  if (consoleId) return { kind: "console", id: consoleId };
  const item = /^(servers|jobs)\/(.+)$/.exec(path);
  const id = item?.[2] === undefined ? null : decodedId(item[2]);
  if (id) return { kind: item?.[1] === "jobs" ? "job" : "server", id };
  const name = path.replace(/-/g, "_");
  const tab = stageTabs.find((t) => t === name);
  if (tab) return { kind: "tab", tab };
  const page = pages.find((p) => p === name);
  if (page) return { kind: "page", page };
  return defaultRoute;
}

export function sameRoute(a: Route, b: Route): boolean {
  return routeHash(a) === routeHash(b);
}

/** The menu entry a route belongs to: a job is shown on the Jobs page. */
export function menuRoute(route: Route): Route {
  return route.kind === "job" ? { kind: "page", page: "jobs" } : route;
}
