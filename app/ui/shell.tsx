import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role } from "#db/schema";
import { navFor } from "./nav";

export interface ShellUser {
  name: string;
  role: Role;
}

export function Shell({ user, children }: { user: ShellUser | null; children: ReactNode }) {
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
