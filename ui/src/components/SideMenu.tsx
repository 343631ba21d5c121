import logo from "../../../icons/racksmith.svg";
import type { Tab } from "../ipc";
import { useI18n } from "../i18n";
import { useTabSummaries } from "../app/queries";
import { menuRoute, pages, routeHash, sameRoute, stageTabs, type Route } from "../app/routes";

function MenuLink({ route, current, label, count }: { route: Route; current: Route; label: string; count?: number | undefined }) {
  const { t } = useI18n();
  const active = sameRoute(route, menuRoute(current));
  return (
    <li>
      <a href={routeHash(route)} aria-current={active ? "page" : undefined} className="menu-link">
        <span>{label}</span>
        {count !== undefined && count > 0 && (
          <span className="badge" title={t("menu.serverCount", { count })}>
            {count}
          </span>
        )}
      </a>
    </li>
  );
}

export function SideMenu({ current }: { current: Route }) {
  const { t } = useI18n();
  const summaries = useTabSummaries();
  const countOf = (tab: Tab) => summaries.data?.find((s) => s.tab === tab)?.serverCount;
  return (
    <nav className="side-menu" aria-label={t("app.name")}>
      <div className="brand">
        <img src={logo} alt="" width="28" height="28" />
        <span>{t("app.name")}</span>
      </div>
      <h2 id="menu-lifecycle">{t("menu.lifecycle")}</h2>
      <ul aria-labelledby="menu-lifecycle">
        {stageTabs.map((tab) => (
          <MenuLink key={tab} route={{ kind: "tab", tab }} current={current} label={t(`tab.${tab}`)} count={countOf(tab)} />
        ))}
      </ul>
      <h2 id="menu-operations">{t("menu.operations")}</h2>
      <ul aria-labelledby="menu-operations">
        {pages.map((page) => (
          <MenuLink key={page} route={{ kind: "page", page }} current={current} label={t(`nav.${page}`)} />
        ))}
      </ul>
    </nav>
  );
}
