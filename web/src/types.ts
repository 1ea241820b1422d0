/**
 * The console API's shapes as the browser sees them (JSON over HTTP). They mirror
 * functions/app/console/contracts.ts and functions/core/knowledge/faq.ts; a type-level test
 * (tests/browser/contract-types.test.ts) keeps the two in step without pulling server code
 * into the bundle.
 */

export type Role = 'analyst' | 'editor' | 'admin';
export type FaqStatus = 'draft' | 'published' | 'unpublished';

export interface Me {
  readonly email: string;
  readonly roles: readonly Role[];
  readonly mustChangePassword: boolean;
}

export interface Citation {
  readonly document: string;
  readonly section?: string;
  readonly date?: string;
  readonly source?: string;
}

/** What the editor sends: faqDraftSchema's fields. */
export interface FaqDraftBody {
  readonly id: string;
  readonly questions: readonly string[];
  readonly answer: string;
  readonly tags: readonly string[];
  readonly citations: readonly Citation[];
  readonly effectiveFrom: string;
  readonly effectiveTo?: string;
  readonly status: 'draft' | 'published';
}

/** The content fields two versions are compared on. */
export interface FaqContent {
  readonly questions: readonly string[];
  readonly answer: string;
  readonly tags: readonly string[];
  readonly citations: readonly Citation[];
  readonly effectiveFrom: string;
  readonly effectiveTo?: string;
  readonly status: FaqStatus;
}

export interface FaqItem extends FaqContent {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export type FaqVersion = FaqItem & { readonly changeNote?: string };

export interface FaqCollision {
  readonly variant: string;
  readonly form: 'typed' | 'folded';
  readonly otherId: string;
  readonly score: number;
}

export type ImportOutcome = 'new' | 'changed' | 'unchanged' | 'rejected' | 'unpublished';
export type ImportMode = 'upsert' | 'replace';

export interface ImportRowReport {
  readonly line: number;
  readonly id?: string;
  readonly outcome: ImportOutcome;
  readonly diff?: readonly { readonly field: string; readonly before: unknown; readonly after: unknown }[];
  readonly reason?: string;
}

export interface ImportReport {
  readonly dryRun: boolean;
  readonly mode: ImportMode;
  readonly rows: readonly ImportRowReport[];
  readonly counts: Readonly<Record<ImportOutcome, number>>;
}

export interface ReplyButton {
  readonly label: string;
  readonly data: string;
}

export interface ChatReply {
  readonly text: string;
  readonly citations?: readonly Citation[];
  readonly buttons?: readonly ReplyButton[];
  readonly asOf?: string;
  /** The turn 👍/👎 name; absent on the console's own notices. */
  readonly turnId?: string;
  /** Whether this reply takes 👍/👎 (the bot's rule, the same as on Telegram and Zalo). */
  readonly askFeedback?: boolean;
}

/** POST /api/test: the known fields; anything else the API adds is shown generically. */
export interface TestAnswer {
  readonly question: string;
  readonly text: string;
  readonly intent: string;
  readonly path: string;
  readonly citations: readonly Citation[];
  readonly buttons?: readonly unknown[];
  readonly asOf?: string;
  readonly [explain: string]: unknown;
}
