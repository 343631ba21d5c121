import type { Tab } from "../ipc";

export type Page = "calendar" | "jobs" | "audit" | "settings";
export type Route = { kind: "tab"; tab: Tab } | { kind: "page"; page: Page };

// Menu order. Tab values are the backend's own, so a new stage tab fails to compile here.
export const stageTabs: readonly Tab[] = ["inventory", "building", "in_service", "maintenance", "deletion"];
export const pages: readonly Page[] = ["calendar", "jobs", "audit", "settings"];

export const defaultRoute: Route = { kind: "tab", tab: "inventory" };

export function routeHash(route: Route): string {
  const name = route.kind === "tab" ? route.tab : route.page;
  return `#/${name.replace(/_/g, "-")}`;
}

export function parseHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, "").replace(/-/g, "_");
  const tab = stageTabs.find((t) => t === name);
  if (tab) return { kind: "tab", tab };
  const page = pages.find((p) => p === name);
  if (page) return { kind: "page", page };
  return defaultRoute;
}

export function sameRoute(a: Route, b: Route): boolean {
  return routeHash(a) === routeHash(b);
}
