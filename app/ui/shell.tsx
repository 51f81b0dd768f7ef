import { Form, Link, NavLink, useFetcher, useLocation } from "@remix-run/react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import type { Role } from "#db/schema";
import { MAX_SEARCH_QUERY_CHARS } from "~/knowledge/search-types";
import { Trans, useT } from "./i18n";
import { navFor } from "./nav";
import { useWhileVisible } from "./while-visible";

export interface ShellUser {
  name: string;
  role: Role;
}

export const HEADER_SEARCH_ID = "header-search";

export function Shell({
  user,
  unreadCount = 0,
  children,
}: {
  user: ShellUser | null;
  unreadCount?: number;
  children: ReactNode;
}) {
  const { t } = useT();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("core.shell.skip")}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand" aria-label={t("core.shell.home")}>
            <span aria-hidden="true" className="brand-mark">
              ◯
            </span>{" "}
            <span className="brand-name">Koan</span>
          </Link>
          {user ? <SignedInHeader user={user} unreadCount={unreadCount} /> : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

function SignedInHeader({ user, unreadCount }: { user: ShellUser; unreadCount: number }) {
  const { t } = useT();
  const items = navFor(user.role);
  const count = useLiveCount(unreadCount);
  useSlashFocusesSearch();
  return (
    <>
      <nav aria-label={t("core.shell.mainNav")} className="main-nav wide-only">
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} prefetch="intent">
                {t(item.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <HeaderSearch />
      <div className="account">
        <InboxLink count={count} />
        <NavLink to="/settings" className="account-name wide-only">
          <span>{user.name}</span>{" "}
          <span className="account-role">{t(`core.role.${user.role}`)}</span>
        </NavLink>
        <Form method="post" action="/logout" className="wide-only">
          <button type="submit" className="button button-quiet">
            {t("core.shell.logout")}
          </button>
        </Form>
      </div>
      <PhoneMenu user={user} items={items} />
    </>
  );
}

/** A GET form to the knowledge base search; `/` focuses it. */
function HeaderSearch() {
  const { t } = useT();
  return (
    <Form method="get" action="/kb" role="search" className="header-search">
      <label htmlFor={HEADER_SEARCH_ID} className="visually-hidden">
        {t("core.shell.search.label")}
      </label>
      <input
        id={HEADER_SEARCH_ID}
        type="search"
        name="q"
        placeholder={t("core.shell.search.placeholder")}
        aria-keyshortcuts="/"
        autoComplete="off"
        enterKeyHint="search"
        maxLength={MAX_SEARCH_QUERY_CHARS}
      />
      {/* The shortcut, shown where there is a keyboard to press it (not on a phone). */}
      <span className="shortcut-hint" aria-hidden="true">
        <kbd>/</kbd>
      </span>
    </Form>
  );
}

/**
 * Below ~700 px the navigation folds into a menu: a <details> disclosure, so it opens without
 * JavaScript and by keyboard (Enter or Space on its summary). With JavaScript it also says
 * aria-expanded, closes on Escape and after a navigation.
 */
function PhoneMenu({ user, items }: { user: ShellUser; items: ReturnType<typeof navFor> }) {
  const { t } = useT();
  const details = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  // Closes on each new location.
  useEffect(() => {
    if (details.current?.open) details.current.open = false;
  }, [location.key]);
  // Said on the summary once JavaScript runs (the native disclosure state stays the source).
  const sayExpanded = () => {
    const el = details.current;
    el?.querySelector("summary")?.setAttribute("aria-expanded", String(el.open));
  };
  useEffect(sayExpanded, []);
  return (
    <details
      ref={details}
      className="site-menu narrow-only"
      onToggle={sayExpanded}
      onKeyDown={(e) => {
        if (e.key === "Escape" && details.current?.open) {
          details.current.open = false;
          details.current.querySelector("summary")?.focus();
        }
      }}
    >
      <summary className="button button-secondary site-menu-button">{t("core.shell.menu")}</summary>
      <div className="site-menu-panel">
        <nav aria-label={t("core.shell.menuNav")}>
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{t(item.label)}</NavLink>
              </li>
            ))}
            <li>
              <NavLink to="/settings">
                <Trans
                  k="core.shell.settings"
                  values={{
                    name: user.name,
                    role: (chunks: ReactNode[]) => <span className="account-role">{chunks}</span>,
                  }}
                />
              </NavLink>
            </li>
          </ul>
        </nav>
        <Form method="post" action="/logout">
          <button type="submit" className="button button-quiet">
            {t("core.shell.logout")}
          </button>
        </Form>
      </div>
    </details>
  );
}

/** `/` anywhere but in a field focuses the header search, as on most sites with a search box. */
function useSlashFocusesSearch() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      if (
        target &&
        (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
      ) {
        return;
      }
      const input = document.getElementById(HEADER_SEARCH_ID);
      if (!input) return;
      e.preventDefault();
      input.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}

/**
 * The Inbox count, kept current while a page stays open: on focus and every minute while the tab
 * is visible, the inbox's own data is fetched (not the whole page's). A navigation's fresh count
 * wins over an older fetched one.
 */
function useLiveCount(fromPage: number) {
  const fetcher = useFetcher<{ needsYou?: number }>();
  const [live, setLive] = useState<number | null>(null);
  const location = useLocation();
  // A new page or count resets it.
  useEffect(() => setLive(null), [fromPage, location.key]);
  useEffect(() => {
    if (typeof fetcher.data?.needsYou === "number") setLive(fetcher.data.needsYou);
  }, [fetcher.data]);
  const load = fetcher.load;
  useWhileVisible(() => {
    // The inbox page revalidates itself (and with it this count).
    if (location.pathname !== "/inbox") load("/inbox");
  });
  return live ?? fromPage;
}

/** "Inbox, 3 things need you" to a screen reader; no badge when nothing needs the user. */
function InboxLink({ count }: { count: number }) {
  const { t } = useT();
  return (
    <NavLink to="/inbox" className="account-inbox">
      {t("core.shell.inbox")}
      {count > 0 ? (
        <>
          <span className="visually-hidden">,</span>{" "}
          <span className="badge badge-accent">
            <span aria-hidden="true">{count > 99 ? "99+" : count}</span>
            <span className="visually-hidden">{t("core.shell.needYou", { count })}</span>
          </span>
        </>
      ) : null}
    </NavLink>
  );
}
