import { describe, expect, it } from "vitest";

import { parseHash, routeHash } from "./routes";

describe("routes", () => {
  it("name a server by its id, whatever characters the id holds", () => {
    for (const id of ["id-bld-01", "a/b c#d", "サーバー"]) {
      expect(parseHash(routeHash({ kind: "server", id }))).toEqual({ kind: "server", id });
    }
    expect(routeHash({ kind: "server", id: "a/b" })).toBe("#/servers/a%2Fb");
  });

  it("keep tabs and pages as they were, and fall back to Inventory", () => {
    expect(parseHash("#/in-service")).toEqual({ kind: "tab", tab: "in_service" });
    expect(parseHash("#/settings")).toEqual({ kind: "page", page: "settings" });
    expect(parseHash("#/servers/")).toEqual({ kind: "tab", tab: "inventory" });
    expect(parseHash("#/servers/%E0%A4%A")).toEqual({ kind: "tab", tab: "inventory" });
  });
});
