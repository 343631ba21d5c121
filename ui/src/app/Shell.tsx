import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { SideMenu } from "../components/SideMenu";
import { SnapshotBanner } from "../components/SnapshotBanner";
import type { AppInfo } from "../ipc";
import { useI18n } from "../i18n";
import { AuditView } from "../views/AuditView";
import { CalendarView } from "../views/calendar/CalendarView";
import { ConsoleView } from "../views/console/ConsoleView";
import { JobsView } from "../views/JobsView";
import { ProfilesView } from "../views/profiles/ProfilesView";
import { ServerDetailView } from "../views/ServerDetailView";
import { SettingsView } from "../views/SettingsView";
import { StageView } from "../views/StageView";
import { invalidateServers, useDemoLab } from "./queries";
import { routeHash, type Route } from "./routes";
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
        {info.snapshot && <SnapshotBanner snapshot={info.snapshot} />}
        <View route={route} info={info} />
      </main>
    </div>
  );
}

function View({ route, info }: { route: Route; info: AppInfo }) {
  switch (route.kind) {
    case "tab":
      return <StageView key={route.tab} tab={route.tab} />;
    case "server":
      return <ServerDetailView key={route.id} id={route.id} />;
    case "console":
      return <ConsoleView key={route.id} id={route.id} />;
    case "job":
      return <JobsView selected={route.id} />;
    case "page":
      switch (route.page) {
        case "settings":
          return <SettingsView info={info} />;
        case "jobs":
          return <JobsView selected={null} />;
        case "profiles":
          return <ProfilesView />;
        case "audit":
          return <AuditView />;
        case "calendar":
          return <CalendarView />;
      }
  }
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
