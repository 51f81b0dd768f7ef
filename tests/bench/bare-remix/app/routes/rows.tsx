import { type MetaFunction, useLoaderData } from "@remix-run/react";

// The bare 50-row page, the ticket queue's counterpart: rows shaped like the queue's (a title
// link, a status, a component, a difficulty, an age, labels), made in memory instead of queried.

export const meta: MetaFunction = () => [{ title: "Tickets" }];

const COMPONENTS = ["billing", "exports", "notifications", "search", "auth"];
const LABELS = ["bug", "customer", "flaky", "docs", "performance"];

const ROWS = Array.from({ length: 50 }, (_, i) => ({
  id: 20_000 - i,
  title: `Invoice export times out for accounts with more than ${i + 2} thousand lines`,
  status: i % 3 === 0 ? "claimed" : "open",
  starter: i % 2 === 0,
  component: COMPONENTS[i % COMPONENTS.length] as string,
  difficulty: (i % 3) + 1,
  createdAt: new Date(Date.UTC(2026, 10, 1) - i * 3_600_000).toISOString(),
  holder: i % 3 === 0 ? `Person ${i}` : null,
  labels: LABELS.slice(0, i % 4),
}));

function ago(iso: string) {
  const hours = Math.round((Date.now() - new Date(iso).getTime()) / 3_600_000);
  return hours < 48 ? `${hours} hours ago` : `${Math.round(hours / 24)} days ago`;
}

export function loader() {
  return { rows: ROWS, total: 20_000 };
}

export default function Rows() {
  const { rows, total } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Tickets</h1>
      <h2>{total} tickets</h2>
      <ul className="ticket-list">
        {rows.map((t) => (
          <li key={t.id} className="ticket-row">
            <div className="ticket-main">
              <a href={`/tickets/${t.id}`} className="ticket-title">
                {t.title}
              </a>
              <div className="ticket-meta">
                <span className={`badge badge-${t.status === "open" ? "info" : "warn"}`}>
                  {t.status}
                </span>
                {t.starter ? <span className="badge badge-good">starter</span> : null}
                <span>{t.component}</span>
                <span className="difficulty" title={`Difficulty ${t.difficulty} of 3`}>
                  {"●".repeat(t.difficulty)}
                  {"○".repeat(3 - t.difficulty)}
                </span>
                <span className="muted">opened {ago(t.createdAt)}</span>
                {t.holder ? <span className="muted">· {t.holder} has it</span> : null}
              </div>
            </div>
            {t.labels.length ? (
              <div className="tags">
                {t.labels.map((l) => (
                  <span key={l} className="badge">
                    {l}
                  </span>
                ))}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </main>
  );
}
