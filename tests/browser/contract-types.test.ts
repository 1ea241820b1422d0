/**
 * The console's own copy of the API's types (web/src/types.ts, kept apart so no server code
 * reaches the bundle) must accept what the server's contract produces and send what the
 * server's schema reads. Checked by `tsc` (npm run typecheck); the test only keeps the file
 * in the suite.
 */
import { describe, expect, it } from 'vitest';
import type * as Contract from '../../functions/app/console/contracts.js';
import type { FaqItem as CoreFaqItem, FaqDraft } from '../../functions/core/knowledge/faq.js';
import type { ReplyButton as CoreReplyButton } from '../../functions/core/messages.js';
import type * as Web from '../../web/src/types.js';

type Assignable<From, To> = [From] extends [To] ? true : false;
/** JSON has no readonly: compare what the browser sends with the schema's (mutable) input. */
type Writable<T> = T extends readonly (infer U)[]
  ? Writable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;
type Same<A, B> = [Assignable<A, B>, Assignable<B, A>] extends [true, true] ? true : false;

const checks = {
  role: true satisfies Same<Contract.Role, Web.Role>,
  status: true satisfies Same<Contract.FaqStatus, Web.FaqStatus>,
  item: true satisfies Assignable<CoreFaqItem, Web.FaqItem>,
  version: true satisfies Assignable<Contract.FaqVersion, Web.FaqVersion>,
  draft: true satisfies Assignable<Writable<Web.FaqDraftBody>, FaqDraft>,
  collision: true satisfies Same<Contract.FaqCollision, Web.FaqCollision>,
  importRow: true satisfies Same<Contract.ImportRowReport, Web.ImportRowReport>,
  importReport: true satisfies Same<Contract.ImportReport, Web.ImportReport>,
  replyButton: true satisfies Same<CoreReplyButton, Web.ReplyButton>,
};

describe('console types', () => {
  it('match the API contract', () => {
    expect(Object.values(checks).every(Boolean)).toBe(true);
  });
});
