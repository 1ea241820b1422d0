/**
 * The analyst workspace's use cases wired together: the reading side (analytics.ts) shows the
 * top gap clusters of gaps.ts on the overview.
 */
import type { Clock, IdGenerator } from '../../core/ports.js';
import type { VietnameseAnalyzer } from '../../core/text/analyze.js';
import type { AnalystStore, ConversationArchive } from './analyst-ports.js';
import { type Analytics, createAnalytics } from './analytics.js';
import type { AuditLog, FaqAdmin } from './contracts.js';
import { createGaps, type Gaps } from './gaps.js';

export interface AnalystWorkspace {
  readonly analytics: Analytics;
  readonly gaps: Gaps;
}

export interface AnalystWorkspaceDeps {
  readonly archive: ConversationArchive;
  readonly store: AnalystStore;
  readonly faq: FaqAdmin;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly analyzer?: VietnameseAnalyzer;
}

export function createAnalystWorkspace(deps: AnalystWorkspaceDeps): AnalystWorkspace {
  const gaps = createGaps(deps);
  const analytics = createAnalytics({
    archive: deps.archive,
    audit: deps.audit,
    clock: deps.clock,
    ...(deps.analyzer ? { analyzer: deps.analyzer } : {}),
    // The overview's ranking: the largest clusters not ignored, without their member lists.
    topGaps: async (range) =>
      (await gaps.list(range))
        .filter((gap) => gap.status !== 'ignored')
        .slice(0, 10)
        .map(({ members: _members, variants: _variants, ...gap }) => gap),
  });
  return { analytics, gaps };
}
