import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { clearSessionCookie, requireUser } from "~/auth/current-user.server";
import { endAllSessions } from "~/auth/sessions.server";
import { getSettingsPage } from "~/auth/team-page.server";
import { db } from "~/lib/db.server";
import { formatRelative } from "~/lib/time";
import { Badge } from "~/ui/badge";
import { SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Settings · Koan" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return getSettingsPage(db, { viewer: user });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await endAllSessions(db, user.id);
  throw redirect("/login?loggedOut=everywhere", {
    headers: { "Set-Cookie": await clearSessionCookie() },
  });
}

/** "Chrome on Linux" from a user agent, good enough to recognise one's own devices. */
function deviceName(userAgent: string | null) {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "A browser";
  const os = /Windows/.test(userAgent)
    ? "Windows"
    : /Android/.test(userAgent)
      ? "Android"
      : /iPhone|iPad/.test(userAgent)
        ? "iOS"
        : /Mac OS/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : "another system";
  return `${browser} on ${os}`;
}

export default function Settings() {
  const { user, sessions } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <header className="page-header">
        <h1>Settings</h1>
        <p className="lede">
          {user.name} · {user.email} · <Badge>{user.role}</Badge>
        </p>
      </header>
      <section aria-labelledby="api-heading" className="card">
        <h2 id="api-heading">API tokens</h2>
        <p>
          Scripts and chat tools can search the knowledge base through <code>/api/search</code> with
          a personal token. <Link to="/settings/tokens">Manage your API tokens</Link>
        </p>
      </section>
      {user.role === "lead" ? (
        <section aria-labelledby="integrations-heading" className="card">
          <h2 id="integrations-heading">Integrations</h2>
          <p>
            E-mail, Slack and the team's other tools: what is configured, what failed, and a test
            message. <Link to="/settings/integrations">Open integrations</Link>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="devices-heading" className="card">
        <h2 id="devices-heading">Where you're logged in</h2>
        <ul className="plain-list">
          {sessions.map((s) => (
            <li key={s.key} className="row">
              <span>
                {deviceName(s.userAgent)}{" "}
                {s.current ? <Badge tone="accent">this device</Badge> : null}
              </span>
              <span className="muted">active {formatRelative(s.lastSeenAt)}</span>
            </li>
          ))}
        </ul>
        <Form method="post">
          <p>
            Lost a laptop, or used a shared computer? This ends every session, this one included.
          </p>
          <SubmitButton variant="danger" pendingLabel="Logging out everywhere…">
            Log out of every device
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}
