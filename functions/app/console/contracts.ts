/**
 * What the staff console's HTTP API (functions/adapters/console/) asks of the use cases
 * behind it. The API only authenticates, checks roles, validates the request shape and maps
 * errors to status codes; everything else is here, so the same rules hold for the API, the
 * CLIs and the tests.
 */
import type { FaqItem } from '../../core/knowledge/faq.js';
import type { AnswerPath, Citation } from '../../core/messages.js';

export const ROLES = ['analyst', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: from a verified token (Cognito in AWS, the local IdP under `npm start`). */
export interface Actor {
  /** Email, the stable user name in audit entries. */
  readonly email: string;
  readonly roles: readonly Role[];
}

/** Editorial state of an FAQ item. Only `published` items in effect on a date reach citizens. */
export type FaqStatus = 'draft' | 'published' | 'unpublished';

/** One stored version of an item, with the note its author gave. */
export type FaqVersion = FaqItem & { readonly changeNote?: string };

export interface FaqListQuery {
  /** Accent-insensitive search over variants, answer and tags (the bot's own analyzer). */
  readonly q?: string;
  readonly status?: FaqStatus;
  readonly tag?: string;
  /** YYYY-MM-DD: only items in effect on that date. */
  readonly inEffectOn?: string;
  /** Items whose effectiveTo falls within this many days of today. */
  readonly expiringWithinDays?: number;
  readonly noCitation?: boolean;
}

/** A variant of one item that the live matcher sends to another item. */
export interface FaqCollision {
  readonly variant: string;
  /** How the variant was tried: as typed, or with its diacritics removed. */
  readonly form: 'typed' | 'folded';
  readonly otherId: string;
  readonly score: number;
}

/** Why a save or an import row was refused: each problem names its field. */
export class FaqValidationError extends Error {
  constructor(readonly issues: readonly { readonly field: string; readonly message: string }[]) {
    super(issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '));
    this.name = 'FaqValidationError';
  }
}

/** Publishing needs citations, a valid effective period and no collisions. */
export class FaqPublishBlockedError extends Error {
  constructor(
    readonly reasons: readonly string[],
    readonly collisions: readonly FaqCollision[] = [],
  ) {
    super(reasons.join('; '));
    this.name = 'FaqPublishBlockedError';
  }
}

export class FaqNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`FAQ ${id} not found`);
    this.name = 'FaqNotFoundError';
  }
}

/** Creating an item whose id exists already. */
export class FaqExistsError extends Error {
  constructor(readonly id: string) {
    super(`FAQ ${id} exists already`);
    this.name = 'FaqExistsError';
  }
}

export type ImportFormat = 'csv' | 'json';
export type ImportMode = 'upsert' | 'replace';

export interface ImportRowReport {
  /**
   * 1-based line (CSV, header = line 1; the line a row starts on when a quoted cell spans
   * several) or item index + 1 (JSON); 0 for an item the file does not have (`unpublished`).
   */
  readonly line: number;
  readonly id?: string;
  readonly outcome: 'new' | 'changed' | 'unchanged' | 'rejected' | 'unpublished';
  /** Field-level differences for `changed`. */
  readonly diff?: readonly { readonly field: string; readonly before: unknown; readonly after: unknown }[];
  readonly reason?: string;
}

export interface ImportReport {
  readonly dryRun: boolean;
  readonly mode: ImportMode;
  readonly rows: readonly ImportRowReport[];
  readonly counts: Readonly<Record<ImportRowReport['outcome'], number>>;
}

export interface ExportFile {
  readonly contentType: string;
  readonly filename: string;
  readonly body: string;
}

/** FAQ editing for staff. Every change is a new version and an audit entry. */
export interface FaqAdmin {
  list(query: FaqListQuery): Promise<FaqItem[]>;
  get(id: string): Promise<FaqItem | undefined>;
  /** A new item at version 1 (status as in the draft, publishing rules apply when published). */
  create(draft: unknown, actor: Actor, changeNote?: string): Promise<FaqItem>;
  /** Throws FaqVersionConflictError (core/knowledge/faq.ts) when baseVersion is not current. */
  update(
    id: string,
    draft: unknown,
    baseVersion: number,
    actor: Actor,
    changeNote?: string,
  ): Promise<FaqItem>;
  publish(id: string, actor: Actor): Promise<FaqItem>;
  unpublish(id: string, actor: Actor): Promise<FaqItem>;
  versions(id: string): Promise<FaqVersion[]>;
  /** A new draft version with the content of an old one; nothing is overwritten. */
  restore(id: string, version: number, actor: Actor): Promise<FaqItem>;
  collisions(draft: unknown): Promise<FaqCollision[]>;
  importItems(
    body: string,
    format: ImportFormat,
    options: { readonly mode: ImportMode; readonly dryRun: boolean; readonly actor: Actor },
  ): Promise<ImportReport>;
  /** With an actor, the export is written to the audit log (`faq-export`). */
  exportItems(format: ImportFormat, actor?: Actor): Promise<ExportFile>;
}

/** What `npm run ask -- --json` prints for one question, plus what the test bench adds. */
export interface TestAnswer {
  readonly question: string;
  readonly text: string;
  readonly intent: string;
  readonly path: AnswerPath | 'ignored';
  readonly citations: readonly Citation[];
  readonly buttons?: readonly unknown[];
  readonly asOf?: string;
}

export type AuditAction =
  | 'login'
  | 'login-failed'
  | 'logout'
  | 'password-change'
  | 'faq-create'
  | 'faq-update'
  | 'faq-publish'
  | 'faq-unpublish'
  | 'faq-restore'
  | 'faq-import'
  | 'faq-export'
  | 'user-add'
  | 'role-change'
  | 'document-upload'
  | 'document-replace'
  | 'document-withdraw'
  | 'document-reindex'
  // The analyst workspace (functions/app/console/analytics.ts, gaps.ts).
  | 'turns-export'
  | 'gap-draft'
  | 'gap-variants'
  | 'gap-ignore'
  | 'gap-merge'
  | 'gap-split'
  | 'suggestion-create'
  | 'suggestion-status';

export interface AuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly action: AuditAction;
  /** What it was about: an FAQ id, a user's email hash, an import's summary. */
  readonly target?: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** Append-only: there is no update or delete. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  list(query: { readonly month: string; readonly limit?: number }): Promise<AuditEntry[]>;
}

/**
 * Which FAQ item the whole bot (router, skills, matcher) answers `text` with when `live` are
 * the published items, on `asOf`; another intent (a calculator, a clarifying question) when it
 * is not one item. The matcher alone ignores words the router reads (a "không" that turns "who
 * may join" into "who may not"), so a collision the matcher sees is confirmed with this.
 */
export type AnsweringItem = (
  text: string,
  live: readonly FaqItem[],
  asOf: string,
) => Promise<{ readonly faqId?: string; readonly intent: string }>;
