import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/** Every time column holds ISO-8601 UTC text, as written by `new Date().toISOString()`. */
export type IsoTime = string;

export type Role = "newcomer" | "mentor" | "lead";
export const ROLES = ["newcomer", "mentor", "lead"] as const satisfies readonly Role[];

export type UserStatus = "active" | "deactivated";

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  password_hash: string | null;
  /** Newcomers only: YYYY-MM-DD; the cohort is its month. */
  start_date: string | null;
  /** Mentors only: how many mentees at once. */
  capacity: number | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface MentorComponentsTable {
  user_id: number;
  component: string;
}

export interface SessionsTable {
  /** sha256 of the cookie token, hex: a stolen database cannot be replayed as cookies. */
  id: string;
  user_id: number;
  created_at: IsoTime;
  last_seen_at: IsoTime;
  expires_at: IsoTime;
  user_agent: string | null;
  ip: string | null;
}

export interface InvitesTable {
  id: Generated<number>;
  token_hash: string;
  email: string;
  name: string | null;
  role: Role;
  start_date: string | null;
  capacity: number | null;
  /** JSON array of component names, for mentors. */
  components: string;
  invited_by: number;
  created_at: IsoTime;
  expires_at: IsoTime;
  accepted_at: IsoTime | null;
  accepted_user_id: number | null;
  revoked_at: IsoTime | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  /** `email:<address>` or `ip:<address>` */
  key: string;
  created_at: IsoTime;
}

export interface AuditEventsTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  subject_type: string;
  subject_id: number | null;
  /** JSON object with the details worth keeping. */
  data: string;
  created_at: IsoTime;
}

export interface Database {
  users: UsersTable;
  mentor_components: MentorComponentsTable;
  sessions: SessionsTable;
  invites: InvitesTable;
  login_failures: LoginFailuresTable;
  audit_events: AuditEventsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Invite = Selectable<InvitesTable>;
export type Session = Selectable<SessionsTable>;
