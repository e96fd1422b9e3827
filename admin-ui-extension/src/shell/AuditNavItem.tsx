import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { NavLink, useMatches } from "react-router-dom";
import { useAuditApi } from "../api/auditApi";
import { environment } from "../environment";

/**
 * Adds "Audit log" to Keycloak's own navigation, right after "Events", for callers the audit API admits.
 * Keycloak's PageNav has no extension point, so the item is rendered into its list through a portal instead of
 * copying the nav: the rest of the console stays exactly Keycloak's.
 */
export function AuditNavItem() {
  const { t } = useTranslation();
  const matches = useMatches();
  const realm = (matches[matches.length - 1]?.params.realm as string | undefined) ?? environment.realm;
  const api = useAuditApi(realm);
  const [allowed, setAllowed] = useState(false);
  const [list, setList] = useState<Element | null>(null);

  useEffect(() => {
    let live = true;
    api.me().then(() => live && setAllowed(true)).catch(() => live && setAllowed(false));
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    // The nav re-renders (realm switch, access loaded): follow the list it currently shows.
    const find = () => {
      const events = document.querySelector('[data-testid="nav-item-events"]');
      const target = events?.closest("ul") ?? document.querySelector(".keycloak__page_nav__nav .pf-v5-c-nav__list");
      setList((current) => (current === target ? current : target));
    };
    find();
    // At most one look per frame, however busy the page (live tables change the DOM often).
    let frame = 0;
    const observer = new MutationObserver(() => {
      if (!frame) frame = requestAnimationFrame(() => {
        frame = 0;
        find();
      });
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);

  if (!allowed || !list) return null;
  return createPortal(
    <li className="pf-v5-c-nav__item">
      <NavLink
        id="nav-item-audit-log"
        data-testid="nav-item-audit-log"
        to={`/${encodeURIComponent(realm)}/audit-log`}
        className={({ isActive }) => `pf-v5-c-nav__link${isActive ? " pf-m-current" : ""}`}
      >
        {t("auditLog")}
      </NavLink>
    </li>,
    list,
  );
}
