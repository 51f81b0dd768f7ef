import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role } from "#db/schema";
import { navFor } from "./nav";

export interface ShellUser {
  name: string;
  role: Role;
}

export function Shell({
  user,
  unreadCount = 0,
  children,
}: {
  user: ShellUser | null;
  unreadCount?: number;
  children: ReactNode;
}) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand" aria-label="Koan home">
            <span aria-hidden="true" className="brand-mark">
              ◯
            </span>{" "}
            Koan
          </Link>
          {user ? (
            <>
              <nav aria-label="Main" className="main-nav">
                <ul>
                  {navFor(user.role).map((item) => (
                    <li key={item.to}>
                      <NavLink to={item.to} prefetch="intent">
                        {item.label}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
              <div className="account">
                <InboxLink count={unreadCount} />
                <NavLink to="/settings" className="account-name">
                  <span>{user.name}</span> <span className="account-role">{user.role}</span>
                </NavLink>
                <Form method="post" action="/logout">
                  <button type="submit" className="button button-quiet">
                    Log out
                  </button>
                </Form>
              </div>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** "Inbox, 3 unread" to a screen reader; no badge when nothing is unread. */
function InboxLink({ count }: { count: number }) {
  return (
    <NavLink to="/inbox" className="account-inbox">
      Inbox
      {count > 0 ? (
        <>
          <span className="visually-hidden">,</span>{" "}
          <span className="badge badge-accent">
            {count > 99 ? "99+" : count}
            <span className="visually-hidden"> unread</span>
          </span>
        </>
      ) : null}
    </NavLink>
  );
}
