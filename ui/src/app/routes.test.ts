import { describe, expect, it } from "vitest";

import { menuRoute, parseHash, routeHash } from "./routes";

describe("routes", () => {
  it("name a server by its id, whatever characters the id holds", () => {
    for (const id of ["id-bld-01", "a/b c#d", "サーバー"]) {
      expect(parseHash(routeHash({ kind: "server", id }))).toEqual({ kind: "server", id });
    }
    expect(routeHash({ kind: "server", id: "a/b" })).toBe("#/servers/a%2Fb");
  });

  it("name a server's console by the server's id, apart from the server itself", () => {
    for (const id of ["id-web-1", "a/b c#d", "console", "サーバー"]) {
      expect(parseHash(routeHash({ kind: "console", id }))).toEqual({ kind: "console", id });
    }
    expect(routeHash({ kind: "console", id: "id-web-1" })).toBe("#/servers/id-web-1/console");
    expect(routeHash({ kind: "console", id: "a/b" })).toBe("#/servers/a%2Fb/console");
    expect(parseHash("#/servers/console")).toEqual({ kind: "server", id: "console" });
    expect(parseHash("#/servers/a%2Fconsole")).toEqual({ kind: "server", id: "a/console" });
  });

  it("name a job by its id, and file it under the Jobs page", () => {
    const job = { kind: "job", id: "0f3c9a2e-5b1d-4c7e-9a30-2b6d8e4f1a57" } as const;
    expect(routeHash(job)).toBe("#/jobs/0f3c9a2e-5b1d-4c7e-9a30-2b6d8e4f1a57");
    expect(parseHash(routeHash(job))).toEqual(job);
    expect(parseHash("#/jobs")).toEqual({ kind: "page", page: "jobs" });
    expect(menuRoute(job)).toEqual({ kind: "page", page: "jobs" });
  });

  it("keep tabs and pages as they were, and fall back to Inventory", () => {
    expect(parseHash("#/in-service")).toEqual({ kind: "tab", tab: "in_service" });
    expect(parseHash("#/settings")).toEqual({ kind: "page", page: "settings" });
    expect(parseHash("#/servers/")).toEqual({ kind: "tab", tab: "inventory" });
    expect(parseHash("#/servers/%E0%A4%A")).toEqual({ kind: "tab", tab: "inventory" });
  });
});
