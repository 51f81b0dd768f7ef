import type { Generated, Selectable } from "kysely";

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
  /** A lead's override of MAX_ACTIVE_ASSIGNMENTS for this newcomer; null uses the setting. */
  max_assignments: Generated<number | null>;
  /** "en" or "ko"; null follows the browser's Accept-Language. */
  locale: Generated<string | null>;
  /** An IANA time zone ("Asia/Seoul"); null follows the organisation's (DIGEST_TIME_ZONE, else UTC). */
  time_zone: Generated<string | null>;
  created_at: IsoTime;
  updated_at: IsoTime;
  /**
   * When a lead last changed the person (role and its details, active or not): the version a
   * lead's member form is checked against. Their own name, language or password leave it.
   * Empty until a lead first changes them: the version is then created_at.
   */
  member_changed_at: Generated<IsoTime>;
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
  /** The language the lead chose for the invite ("en", "ko"); null: the inviting lead's. */
  locale: string | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  /** `email:<address>`, `ip:<address>`, `pair:<ip>|<email>`, `invite:<ip>` or `reset:<ip>` */
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

/** A lead's one-time link for a member to set a new password; only the token's sha256 is kept. */
export interface PasswordResetsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_by: number;
  created_at: IsoTime;
  expires_at: IsoTime;
  used_at: IsoTime | null;
  revoked_at: IsoTime | null;
}

/** A personal token for the JSON API; only its SHA-256 is kept. */
export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: IsoTime;
  last_used_at: IsoTime | null;
  revoked_at: IsoTime | null;
}

export type TicketStatus = "open" | "claimed" | "in_progress" | "in_review" | "resolved" | "closed";
export const TICKET_STATUSES = [
  "open",
  "claimed",
  "in_progress",
  "in_review",
  "resolved",
  "closed",
] as const satisfies readonly TicketStatus[];
export type CloseReason = "works_as_designed" | "duplicate" | "wont_fix";
export const CLOSE_REASONS = [
  "works_as_designed",
  "duplicate",
  "wont_fix",
] as const satisfies readonly CloseReason[];
export type TicketSource = "manual" | "import" | "github";

export interface TicketsTable {
  id: Generated<number>;
  title: string;
  /** Markdown. */
  body: string;
  component: string;
  difficulty: number;
  /** 0 or 1. */
  starter: number;
  status: TicketStatus;
  close_reason: CloseReason | null;
  source: TicketSource;
  external_id: string | null;
  url: string | null;
  reporter_id: number | null;
  reporter_name: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  /** The source's own `updated_at` (GitHub's issue) last applied: an older or equal one is not. */
  source_updated_at: IsoTime | null;
}

export interface TicketLabelsTable {
  ticket_id: number;
  label: string;
}

/**
 * The ticket queue's search text, one row a ticket, kept by triggers (migration 0035,
 * db/search-text.ts `ticketSearchText`): title and body lower-cased, without the spaces next to
 * Hangul.
 */
export interface TicketSearchTextTable {
  ticket_id: number;
  text: string;
}

export type AssignmentStatus = "active" | "released" | "reassigned" | "resolved" | "closed";

export interface AssignmentsTable {
  id: Generated<number>;
  ticket_id: number;
  newcomer_id: number;
  mentor_id: number | null;
  status: AssignmentStatus;
  claimed_at: IsoTime;
  last_progress_at: IsoTime;
  ended_at: IsoTime | null;
  track_version_id: number | null;
  resolution: "fixed" | "works_as_designed" | null;
}

export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: number;
  actor_id: number | null;
  kind: string;
  data: string;
  created_at: IsoTime;
}

export interface WebhookDeliveriesTable {
  delivery_id: string;
  event: string;
  action: string | null;
  received_at: IsoTime;
}

export interface TracksTable {
  id: Generated<number>;
  name: string;
  created_at: IsoTime;
}

export interface TrackVersionsTable {
  id: Generated<number>;
  track_id: number;
  version: number;
  created_by: number | null;
  created_at: IsoTime;
}

export interface TrackCheckpointsTable {
  id: Generated<number>;
  track_version_id: number;
  position: number;
  /** Stable across versions: reproduce, locate, root_cause, failing_test, fix, ship, writeup, or a lead's own. */
  key: string;
  title: string;
  /** Markdown: what good evidence looks like. */
  guide: string;
  needs_signoff: number;
}

export type CheckpointState =
  | "todo"
  | "submitted"
  | "changes_requested"
  | "resubmitted"
  | "approved"
  | "completed"
  | "skipped";

export interface AssignmentCheckpointsTable {
  id: Generated<number>;
  assignment_id: number;
  track_checkpoint_id: number;
  state: CheckpointState;
  state_since: IsoTime;
  done_at: IsoTime | null;
  /** Set while "works as designed" skips the step: the state (and its time) to go back to. */
  skipped_from: Generated<CheckpointState | null>;
  skipped_from_since: Generated<IsoTime | null>;
}

export type AssignmentNoteKind =
  | "nudge"
  | "pairing"
  | "handover"
  | "released"
  | "works_as_designed"
  | "back_to_fixing"
  | "reopened";

/** An assignment's log beside its checkpoints: what its people did and said. */
export interface AssignmentNotesTable {
  id: Generated<number>;
  assignment_id: number;
  author_id: number;
  kind: AssignmentNoteKind;
  body: string;
  created_at: IsoTime;
}

export interface EvidenceTable {
  id: Generated<number>;
  assignment_checkpoint_id: number;
  author_id: number;
  notes: string;
  /** JSON array of { label, url }. */
  links: string;
  minutes: number | null;
  created_at: IsoTime;
}

export interface CheckpointCommentsTable {
  id: Generated<number>;
  assignment_checkpoint_id: number;
  author_id: number;
  kind: "comment" | "approved" | "changes_requested" | "stuck";
  body: string;
  created_at: IsoTime;
}

export type NotificationKind =
  | "review_requested"
  | "changes_requested"
  | "approved"
  | "stuck"
  | "new_mentee"
  | "assignment_resolved"
  | "help_requested"
  | "works_as_designed"
  | "nudge"
  | "claim_released"
  | "digest"
  /** The newcomer's mentor changed (handed over, or changed by a lead). */
  | "new_mentor"
  /** A lead gave the newcomer a ticket someone else had claimed. */
  | "ticket_assigned"
  /** Someone else on the assignment wrote on one of its checkpoints (a reply to "I'm stuck"). */
  | "comment";

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: NotificationKind;
  assignment_id: number | null;
  /** Unique per user: the same event never notifies twice. */
  event_key: string;
  title: string;
  body: string;
  link: string;
  created_at: IsoTime;
  read_at: IsoTime | null;
  /** Set when the action the item asked for was taken (a review given, progress made). */
  resolved_at: Generated<IsoTime | null>;
}

/** A kind of notification the user turned off in Settings; no row means it notifies. */
export interface NotificationMutesTable {
  user_id: number;
  kind: NotificationKind;
  created_at: IsoTime;
}

/**
 * A kind of notification the user keeps in their inbox but not by e-mail (Settings); no row means
 * e-mail too. A kind turned off altogether (notification_mutes) sends no mail either.
 */
export interface MailMutesTable {
  user_id: number;
  kind: NotificationKind;
  created_at: IsoTime;
}

export type Resolution =
  | "fixed"
  | "works_as_designed"
  | "config_change"
  | "data_fix"
  | "duplicate"
  | "cannot_reproduce";
export const RESOLUTIONS = [
  "fixed",
  "works_as_designed",
  "config_change",
  "data_fix",
  "duplicate",
  "cannot_reproduce",
] as const satisfies readonly Resolution[];

export interface WriteupsTable {
  id: Generated<number>;
  title: string;
  /** Markdown fields. */
  symptom: string;
  component: string;
  root_cause: string;
  /** For works as designed: the expected behaviour, where it is specified, and why users hit it. */
  fix: string;
  debugging: string;
  resolution: Resolution;
  /** Space-separated tags, mirrored from writeup_tags for the full-text index. */
  tags_text: string;
  status: "draft" | "published";
  author_id: number | null;
  ticket_id: number | null;
  assignment_id: number | null;
  verified_by: number | null;
  verified_at: IsoTime | null;
  /** For imported write-ups: the id in the source, so re-imports update. */
  external_id: string | null;
  views: Generated<number>;
  created_at: IsoTime;
  updated_at: IsoTime;
  published_at: IsoTime | null;
  /**
   * JSON (VerifiedSnapshot): who verified it, when, and its content then; set when content changes
   * after a verification (which clears it), cleared when it is verified again.
   */
  verified_snapshot: string | null;
}

export interface WriteupTagsTable {
  writeup_id: number;
  tag: string;
}

export interface WriteupLinksTable {
  id: Generated<number>;
  writeup_id: number;
  label: string;
  url: string;
}

export interface ToilTable {
  id: Generated<number>;
  writeup_id: number;
  description: string;
  minutes: number;
  created_at: IsoTime;
}

export interface WriteupVotesTable {
  writeup_id: number;
  user_id: number;
  helpful: number;
  created_at: IsoTime;
}

export interface WriteupFlagsTable {
  id: Generated<number>;
  writeup_id: number;
  user_id: number;
  note: string;
  created_at: IsoTime;
  resolved_at: IsoTime | null;
  resolved_by: number | null;
}

export interface SearchMissesTable {
  query: string;
  count: Generated<number>;
  first_seen_at: IsoTime;
  last_seen_at: IsoTime;
  ticket_id: number | null;
}

/** One person's missed search on one day: a gap counts each person once per query per day. */
export interface SearchMissReportsTable {
  query: string;
  user_id: number;
  /** YYYY-MM-DD (UTC). */
  day: string;
}

/** Counters bumped by triggers when data behind a per-process cache changes. */
export interface DataVersionsTable {
  name: "tickets" | "writeups" | "mentoring" | "toil";
  version: number;
}

export type OutboxChannel = "email" | "slack";
/**
 * `posting`: a Slack message being posted (Slack may have it from then on); `skipped`: a mail
 * Koan chose not to send (its recipient deactivated, or a digest that would say the same again).
 */
export type OutboxStatus = "pending" | "sending" | "posting" | "sent" | "failed" | "skipped";

/** A message Koan means to send: written with the event, sent by the outbox worker. */
export interface OutboxTable {
  id: Generated<number>;
  channel: OutboxChannel;
  /** invite, evidence_reviewed, digest, test; for Slack: starter_tickets, stuck, writeup_published, test. */
  kind: string;
  /** The e-mail address; null for Slack. */
  recipient: string | null;
  subject: Generated<string>;
  body_text: Generated<string>;
  body_html: string | null;
  /** JSON: for Slack, one item ({ text, link }) that the worker batches with others of its kind. */
  payload: Generated<string>;
  /** Unique when set: the same event never queues twice. */
  dedupe_key: string | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: IsoTime;
  /** Which worker holds the row while sending, and until when. */
  lease_owner: string | null;
  lease_until: IsoTime | null;
  last_error: string | null;
  created_at: IsoTime;
  sent_at: IsoTime | null;
}

/** Each integration's last success and last error (Settings → Integrations). */
export interface IntegrationStatusTable {
  name: string;
  last_success_at: IsoTime | null;
  last_error_at: IsoTime | null;
  last_error: string | null;
}

/** The first lead's one-time setup link, while nobody has an account (one row at most). */
export interface FirstLeadSetupTable {
  id: number;
  token_hash: string;
  created_at: IsoTime;
}

/** This instance's random key (one row), made by its first migration run: see 0039_instance_key. */
export interface InstanceTable {
  id: number;
  key: string;
  created_at: IsoTime;
}

export interface Database {
  users: UsersTable;
  mentor_components: MentorComponentsTable;
  sessions: SessionsTable;
  invites: InvitesTable;
  first_lead_setup: FirstLeadSetupTable;
  instance: InstanceTable;
  login_failures: LoginFailuresTable;
  audit_events: AuditEventsTable;
  api_tokens: ApiTokensTable;
  tickets: TicketsTable;
  ticket_labels: TicketLabelsTable;
  ticket_search_text: TicketSearchTextTable;
  assignments: AssignmentsTable;
  ticket_events: TicketEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  tracks: TracksTable;
  track_versions: TrackVersionsTable;
  track_checkpoints: TrackCheckpointsTable;
  assignment_checkpoints: AssignmentCheckpointsTable;
  evidence: EvidenceTable;
  checkpoint_comments: CheckpointCommentsTable;
  notifications: NotificationsTable;
  writeups: WriteupsTable;
  writeup_tags: WriteupTagsTable;
  writeup_links: WriteupLinksTable;
  toil: ToilTable;
  writeup_votes: WriteupVotesTable;
  writeup_flags: WriteupFlagsTable;
  search_misses: SearchMissesTable;
  search_miss_reports: SearchMissReportsTable;
  data_versions: DataVersionsTable;
  password_resets: PasswordResetsTable;
  outbox: OutboxTable;
  integration_status: IntegrationStatusTable;
  search_synonyms: SearchSynonymsTable;
  search_top_lists: SearchTopListsTable;
  identifier_parts: IdentifierPartsTable;
  oidc_logins: OidcLoginsTable;
  github_sync_repos: GithubSyncReposTable;
  assignment_notes: AssignmentNotesTable;
  notification_mutes: NotificationMutesTable;
  mail_mutes: MailMutesTable;
  attachments: AttachmentsTable;
}

/** Korean–English transliterations and synonyms searched together (migration 0008; leads keep them). */
export interface SearchSynonymsTable {
  id: Generated<number>;
  term: string;
  synonym: string;
  created_at: IsoTime;
}

/**
 * The words of the camel-case names write-ups hold ("oom" and "killed" of "OOMKilled"), filled by
 * triggers when a write-up is saved (migration 0052): the index holds such a name as one word.
 */
export interface IdentifierPartsTable {
  part: string;
  term: string;
  /** 1 for a part written in capitals ("OOM" of "OOMKilled"), else 0. */
  acronym: number;
}

/**
 * A word's best write-ups for search, kept across restarts (0018): ids as little-endian int32s,
 * scores as float64s, computed at the write-ups' data `version`. A cache.
 */
export interface SearchTopListsTable {
  match: string;
  version: number;
  ids: Uint8Array;
  scores: Uint8Array;
}

/** A sign-in started at the OpenID provider, spent by its callback (0012). */
export interface OidcLoginsTable {
  /** SHA-256 of the `state` parameter, hex. */
  state_hash: string;
  nonce: string;
  code_verifier: string;
  redirect_to: string;
  /** SHA-256 of the invite token when the sign-in started on an invite page. */
  invite_token_hash: string | null;
  /** The first lead's setup link's token hash when the sign-in started on it (0040). */
  setup_token_hash: string | null;
  created_at: IsoTime;
  expires_at: IsoTime;
}

/** Where the GitHub pull sync left off for one `owner/name` (0012). */
export interface GithubSyncReposTable {
  repo: string;
  /** The newest issue updated_at seen: the next run asks for issues updated since then. */
  since: IsoTime | null;
  /** The ETag of the first page of `etag_url`, sent back as If-None-Match. */
  etag: string | null;
  etag_url: string | null;
  last_run_at: IsoTime | null;
  last_success_at: IsoTime | null;
  last_error: string | null;
  last_error_at: IsoTime | null;
}

export type Writeup = Selectable<WriteupsTable>;

export type Ticket = Selectable<TicketsTable>;

export type User = Selectable<UsersTable>;

/** A screenshot or log file on a checkpoint's evidence or on a write-up (0015). */
export interface AttachmentsTable {
  id: Generated<number>;
  /** Random, URL-safe: the file's name under data/attachments and its address (/attachments/<key>). */
  storage_key: string;
  /** Exactly one of assignment_checkpoint_id and writeup_id is set. */
  assignment_checkpoint_id: number | null;
  writeup_id: number | null;
  uploader_id: number;
  /** As the uploader named it (shown, and offered when downloading). */
  file_name: string;
  /** Sniffed from the bytes, never taken from the upload: image/png, image/jpeg, image/gif, image/webp, text/plain; charset=utf-8. */
  content_type: string;
  kind: "image" | "log";
  size: number;
  created_at: IsoTime;
}
