// "Under load, nothing lost": while the page benchmark runs, newcomers claim starter tickets,
// submit evidence, mentors approve it, and write-ups are published, all over HTTP through real
// sessions. Every answer is recorded; afterwards the database must hold exactly what was
// acknowledged, and no write may have failed with a server error (SQLITE_BUSY or otherwise).
import SQLite from "better-sqlite3";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";

interface Plan {
  ticketId: number;
  component: string;
  newcomer: { id: number; email: string };
  mentor: { id: number; email: string };
}

export interface WriterReport {
  attempted: number;
  acknowledged: { claims: number; evidence: number; approvals: number; writeups: number };
  /** Answers other than the expected success: 4xx refusals and 5xx failures, by status. */
  refused: Record<string, number>;
  serverErrors: number;
  /** What the database held afterwards that does not match what was acknowledged. */
  missing: string[];
  unexpected: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ParallelWriter {
  private readonly sessions = new Map<string, Browser>();
  private plans: Plan[] = [];
  private running = false;
  private paused = false;
  private loop: Promise<void> | null = null;
  private readonly tag = `w${Date.now().toString(36)}`;
  attempted = 0;
  readonly refused = new Map<string, number>();
  private readonly claims: Plan[] = [];
  private readonly evidence: { checkpointId: number; notes: string }[] = [];
  private readonly approvals: number[] = [];
  private readonly writeups = new Map<string, number>();

  constructor(
    private readonly base: string,
    private readonly dbFile: string,
    private readonly cycles = 60,
    /** One cycle (claim, evidence, approval, write-up) at most this often. */
    private readonly cycleMs = 1000,
  ) {}

  /** Picks free newcomers, open starter tickets and mentors with room, and logs them in. */
  async prepare() {
    const db = new SQLite(this.dbFile, { readonly: true });
    try {
      const newcomers = db
        .prepare(
          `select id, email from users u where role = 'newcomer' and status = 'active'
             and not exists (select 1 from assignments a where a.newcomer_id = u.id and a.status = 'active')
           order by id limit ?`,
        )
        .all(this.cycles) as { id: number; email: string }[];
      const tickets = db
        .prepare(
          `select id, component from tickets where starter = 1 and status = 'open'
           order by id desc limit ?`,
        )
        .all(this.cycles) as { id: number; component: string }[];
      const mentors = db
        .prepare(
          `select u.id, u.email, mc.component,
             u.capacity - (select count(*) from assignments a
                           where a.mentor_id = u.id and a.status = 'active') as room
           from users u join mentor_components mc on mc.user_id = u.id
           where u.role = 'mentor' and u.status = 'active'
           order by u.id`,
        )
        .all() as { id: number; email: string; component: string; room: number }[];
      const room = new Map(mentors.map((m) => [m.id, m.room]));
      for (const [i, ticket] of tickets.entries()) {
        const newcomer = newcomers[i];
        const mentor = mentors.find(
          (m) => m.component === ticket.component && (room.get(m.id) ?? 0) > 0,
        );
        if (!newcomer || !mentor) break;
        room.set(mentor.id, (room.get(mentor.id) ?? 0) - 1);
        this.plans.push({ ticketId: ticket.id, component: ticket.component, newcomer, mentor });
      }
    } finally {
      db.close();
    }
    const emails = new Set(this.plans.flatMap((p) => [p.newcomer.email, p.mentor.email]));
    for (const email of emails) {
      const browser = new Browser(this.base);
      await browser.login(email, DEMO_PASSWORD);
      this.sessions.set(email, browser);
    }
    return { plans: this.plans.length, sessions: this.sessions.size };
  }

  start() {
    this.running = true;
    this.loop = this.run();
  }
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
  async stop() {
    this.running = false;
    await this.loop;
  }

  private session(email: string): Browser {
    const browser = this.sessions.get(email);
    if (!browser) throw new Error(`no session for ${email}`);
    return browser;
  }

  /** Sends one write; true when the server acknowledged it with the expected status. */
  private async send(browser: Browser, path: string, form: Record<string, string>, ok: number) {
    this.attempted++;
    const response = await browser.post(path, form);
    await response.arrayBuffer();
    if (response.status === ok) return response;
    const key = String(response.status);
    this.refused.set(key, (this.refused.get(key) ?? 0) + 1);
    return null;
  }

  private async run() {
    const lookup = new SQLite(this.dbFile, { readonly: true });
    lookup.pragma("busy_timeout = 5000");
    const checkpointOf = lookup.prepare(
      `select a.id as assignmentId, ac.id as checkpointId
       from assignments a
       join assignment_checkpoints ac on ac.assignment_id = a.id
       join track_checkpoints tc on tc.id = ac.track_checkpoint_id
       where a.ticket_id = ? and a.newcomer_id = ? and a.status = 'active' and tc.key = 'reproduce'`,
    );
    let cycle = 0;
    try {
      while (this.running) {
        if (this.paused) {
          await sleep(50);
          continue;
        }
        const cycleStarted = Date.now();
        const plan = this.plans[cycle];
        const n = cycle++;
        if (plan) {
          const newcomer = this.session(plan.newcomer.email);
          const claimed = await this.send(
            newcomer,
            `/tickets/${plan.ticketId}`,
            { intent: "claim", mentorId: String(plan.mentor.id) },
            200,
          );
          if (!claimed) continue;
          this.claims.push(plan);
          const found = checkpointOf.get(plan.ticketId, plan.newcomer.id) as
            | { assignmentId: number; checkpointId: number }
            | undefined;
          if (!found) continue; // reported as missing by verify()
          const notes = `${this.tag} evidence ${n}: reproduced with the customer's steps.`;
          const submitted = await this.send(
            newcomer,
            `/assignments/${found.assignmentId}`,
            { intent: "submit", checkpointId: String(found.checkpointId), notes, minutes: "25" },
            200,
          );
          if (!submitted) continue;
          this.evidence.push({ checkpointId: found.checkpointId, notes });
          const approved = await this.send(
            this.session(plan.mentor.email),
            `/assignments/${found.assignmentId}`,
            {
              intent: "approve",
              checkpointId: String(found.checkpointId),
              comment: "Reproduced, thanks.",
            },
            200,
          );
          if (approved) this.approvals.push(found.checkpointId);
        }
        // Everyone publishes: the planned newcomer, or once the plans run out, one of them in turn.
        const author = plan ?? this.plans[n % Math.max(1, this.plans.length)];
        if (!author) {
          await sleep(20);
          continue;
        }
        const title = `${this.tag} write-up ${n}: settlement file rounding`;
        const published = await this.send(
          this.session(author.newcomer.email),
          "/kb/new",
          {
            title,
            symptom: "The settlement file rounded amounts down under load.",
            component: author.component,
            resolution: "fixed",
            intent: "publish",
          },
          302,
        );
        const id = Number(published?.headers.get("location")?.match(/^\/kb\/(\d+)$/)?.[1]);
        if (published && id) this.writeups.set(title, id);
        await sleep(Math.max(0, this.cycleMs - (Date.now() - cycleStarted)));
      }
    } finally {
      lookup.close();
    }
  }

  /** Compares the database (server stopped or not) with what was acknowledged. */
  verify(): WriterReport {
    const db = new SQLite(this.dbFile, { readonly: true });
    const missing: string[] = [];
    const unexpected: string[] = [];
    try {
      for (const p of this.claims) {
        const row = db
          .prepare(
            "select count(*) as n from assignments where ticket_id = ? and newcomer_id = ? and mentor_id = ?",
          )
          .get(p.ticketId, p.newcomer.id, p.mentor.id) as { n: number };
        if (row.n !== 1) missing.push(`claim of ticket ${p.ticketId} (${row.n} rows)`);
      }
      for (const e of this.evidence) {
        const row = db
          .prepare(
            "select count(*) as n from evidence where assignment_checkpoint_id = ? and notes = ?",
          )
          .get(e.checkpointId, e.notes) as { n: number };
        if (row.n !== 1) missing.push(`evidence "${e.notes}" (${row.n} rows)`);
      }
      for (const id of this.approvals) {
        const row = db.prepare("select state from assignment_checkpoints where id = ?").get(id) as
          | { state: string }
          | undefined;
        if (row?.state !== "approved") missing.push(`approval of checkpoint ${id} (${row?.state})`);
      }
      const stored = db
        .prepare("select id, title, status from writeups where title like ?")
        .all(`${this.tag} write-up %`) as { id: number; title: string; status: string }[];
      for (const [title, id] of this.writeups) {
        const rows = stored.filter((s) => s.title === title);
        if (rows.length !== 1 || rows[0]?.id !== id || rows[0]?.status !== "published")
          missing.push(`write-up "${title}" (${rows.length} rows)`);
      }
      for (const s of stored)
        if (!this.writeups.has(s.title))
          unexpected.push(`write-up "${s.title}" never acknowledged`);
      const evidenceRows = db
        .prepare("select count(*) as n from evidence where notes like ?")
        .get(`${this.tag} evidence %`) as { n: number };
      if (evidenceRows.n !== this.evidence.length)
        unexpected.push(
          `${evidenceRows.n} evidence rows for ${this.evidence.length} acknowledged submissions`,
        );
    } finally {
      db.close();
    }
    const refused = Object.fromEntries(this.refused);
    return {
      attempted: this.attempted,
      acknowledged: {
        claims: this.claims.length,
        evidence: this.evidence.length,
        approvals: this.approvals.length,
        writeups: this.writeups.size,
      },
      refused,
      serverErrors: [...this.refused].reduce((n, [s, c]) => (Number(s) >= 500 ? n + c : n), 0),
      missing,
      unexpected,
    };
  }
}
