import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { SideMenu } from "../components/SideMenu";
import type { AppInfo } from "../ipc";
import { useI18n } from "../i18n";
import { PlaceholderView } from "../views/PlaceholderView";
import { ServerDetailView } from "../views/ServerDetailView";
import { SettingsView } from "../views/SettingsView";
import { StageView } from "../views/StageView";
import { invalidateServers, useDemoLab } from "./queries";
import { routeHash } from "./routes";
import { useHashRoute } from "./useHashRoute";

export function Shell({ info }: { info: AppInfo }) {
  const { t } = useI18n();
  const route = useHashRoute();
  const main = useRef<HTMLElement>(null);
  const shownRoute = useRef(routeHash(route));
  useDemoFleet();
  // After a move (not on start), put focus on the new view's title so keyboard
  // and screen reader users land on the content rather than staying in the menu.
  useEffect(() => {
    const current = routeHash(route);
    if (shownRoute.current === current) return;
    shownRoute.current = current;
    main.current?.querySelector<HTMLElement>("h1")?.focus();
  }, [route]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <SideMenu current={route} />
      <main id="main" ref={main} className="content">
        {route.kind === "tab" ? (
          <StageView key={route.tab} tab={route.tab} />
        ) : route.kind === "server" ? (
          <ServerDetailView key={route.id} id={route.id} />
        ) : route.page === "settings" ? (
          <SettingsView info={info} />
        ) : (
          <PlaceholderView page={route.page} />
        )}
      </main>
    </div>
  );
}

/** Asks once per run for the demo lab; once it has enrolled its servers, the
 *  lists read before then are out of date. */
function useDemoFleet() {
  const client = useQueryClient();
  const lab = useDemoLab();
  useEffect(() => {
    if (lab.data) void invalidateServers(client);
  }, [lab.data, client]);
}
