/**
 * The analyst workspace's use cases wired together: the reading side (analytics.ts) shows the
 * top gap clusters of gaps.ts on the overview.
 */
import { type Analytics, createAnalytics } from './analytics.js';
import { createGaps, type GapDeps, type Gaps } from './gaps.js';

export interface AnalystWorkspace {
  readonly analytics: Analytics;
  readonly gaps: Gaps;
}

/** The gap use cases need everything the workspace does. */
export type AnalystWorkspaceDeps = GapDeps;

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
