/**
 * The analyst workspace's handlers of the console API (their roles are in routes.ts): request
 * shapes, defaults (the last 7 days) and the workspace's errors as statuses. api.ts registers
 * them with the other routes, behind the same session and role guard.
 */
import type { Context } from 'hono';
import * as z from 'zod';
import { SUGGESTION_STATUSES } from '../../app/console/analyst-ports.js';
import type { AnalystWorkspace } from '../../app/console/analyst-workspace.js';
import { AnalyticsRangeError, TurnNotFoundError } from '../../app/console/analytics.js';
import type { Actor } from '../../app/console/contracts.js';
import { GapNotFoundError, lastDays, SuggestionNotFoundError } from '../../app/console/gaps.js';
import { CHANNELS } from '../../core/messages.js';
import type { Clock } from '../../core/ports.js';
import { InvalidCursorError } from '../dynamodb/conversation-log.js';
import { ApiError, safeFilename } from './http.js';
import type { ConsoleRouteKey } from './routes.js';

type AnalystRouteKey = Extract<
  ConsoleRouteKey,
  | `${string} /analytics/${string}`
  | `${string} /turns${string}`
  | `${string} /chats/${string}`
  | `${string} /gaps${string}`
  | `${string} /suggestions${string}`
>;

/** What api.ts lends the handlers: reading the request the same way as every other route. */
export interface RequestTools<C extends Context> {
  query<S extends z.ZodType>(c: C, schema: S): z.output<S>;
  jsonBody<S extends z.ZodType>(c: C, schema: S): Promise<z.output<S>>;
  actor(c: C): Actor;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const booleanParam = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');
const range = { from: isoDate.optional(), to: isoDate.optional() };
const channel = z.enum(CHANNELS).optional();
const chatParam = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);
const turnParam = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/);
const gapKey = z.string().regex(/^g[0-9a-f]{12}$/);
const tag = z.string().trim().min(1).max(40);

const schemas = {
  summary: z.object({ ...range, channel, gaps: booleanParam.optional() }),
  turns: z.object({
    ...range,
    channel,
    intent: z.string().max(100).optional(),
    path: z.string().max(40).optional(),
    feedback: z.enum(['up', 'down', 'none']).optional(),
    handoff: booleanParam.optional(),
    minLatencyMs: z.coerce.number().int().min(0).max(600_000).optional(),
    reviewed: booleanParam.optional(),
    tag: z.string().max(40).optional(),
    hasCitation: booleanParam.optional(),
    q: z.string().max(200).optional(),
    cursor: z.string().max(2000).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  }),
  thread: z.object({ cursor: z.string().max(2000).optional() }),
  notes: z.object({
    addTags: z.array(tag).max(10).optional(),
    removeTags: z.array(tag).max(10).optional(),
    reviewed: z.boolean().optional(),
    ruleDisliked: z.boolean().optional(),
  }),
  gapRange: z.object(range),
  gapBody: z.object(range),
  variants: z.object({ ...range, faqId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/) }),
  ignore: z.object({ reason: z.string().trim().min(1, 'required').max(300) }),
  merge: z.object({ ...range, into: gapKey }),
  split: z.object({ ...range, members: z.array(turnParam).min(1).max(500) }),
  suggestion: z.object({
    source: z.string().trim().min(1).max(300),
    title: z.string().trim().min(1).max(300),
    note: z.string().trim().max(2000).optional(),
    faqId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,99}$/)
      .optional(),
    evidence: z.array(z.string().max(1000)).max(50).default([]),
  }),
  suggestionStatus: z.object({
    status: z.enum(SUGGESTION_STATUSES),
    reason: z.string().trim().max(500).optional(),
  }),
};

function param<S extends z.ZodType>(c: Context, name: string, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.param(name) ?? '');
  if (!parsed.success) throw new ApiError(404, 'not found', { [name]: c.req.param(name) });
  return parsed.data;
}

export function analystHandlers<C extends Context>(
  workspace: AnalystWorkspace,
  clock: Clock,
  tools: RequestTools<C>,
): Record<AnalystRouteKey, (c: C) => Promise<Response>> {
  const { analytics, gaps } = workspace;
  /** The range asked for, or the last 7 days (Vietnam). */
  const rangeOf = (input: { from?: string | undefined; to?: string | undefined }, days = 7) => {
    const fallback = lastDays(clock, days);
    return { from: input.from ?? fallback.from, to: input.to ?? fallback.to };
  };
  const turnFilters = (c: C) => {
    const { cursor: _cursor, limit: _limit, from, to, ...filters } = tools.query(c, schemas.turns);
    return { ...filters, ...rangeOf({ from, to }) };
  };
  const gapRangeOf = (input: { from?: string | undefined; to?: string | undefined }) => rangeOf(input, 30);

  return {
    'GET /analytics/summary': async (c) => {
      const { channel: only, gaps: withGaps, ...input } = tools.query(c, schemas.summary);
      return c.json(
        await analytics.summary({
          ...rangeOf(input),
          ...(only ? { channel: only } : {}),
          ...(withGaps === false ? { withGaps } : {}),
        }),
      );
    },
    'GET /analytics/feedback': async (c) => {
      const { channel: only, gaps: _gaps, ...input } = tools.query(c, schemas.summary);
      return c.json(await analytics.downFeedback({ ...rangeOf(input), ...(only ? { channel: only } : {}) }));
    },
    'GET /turns': async (c) => {
      const { cursor, limit } = tools.query(c, schemas.turns);
      return c.json(
        await analytics.listTurns({
          ...turnFilters(c),
          ...(cursor ? { cursor } : {}),
          ...(limit ? { limit } : {}),
        }),
      );
    },
    'GET /turns/export.csv': async (c) => {
      const file = await analytics.exportTurns(turnFilters(c), tools.actor(c));
      return c.body(file.body, 200, {
        'Content-Type': file.contentType,
        'Content-Disposition': `attachment; filename="${safeFilename(file.filename)}"`,
      });
    },
    'GET /chats/:chat/turns': async (c) => {
      const { cursor } = tools.query(c, schemas.thread);
      return c.json(await analytics.thread(param(c, 'chat', chatParam), cursor));
    },
    'POST /chats/:chat/turns/:turn/notes': async (c) => {
      const change = await tools.jsonBody(c, schemas.notes);
      const notes = await analytics.annotate(
        param(c, 'chat', chatParam),
        param(c, 'turn', turnParam),
        change,
        tools.actor(c),
      );
      return c.json({ notes });
    },
    'GET /gaps': async (c) => c.json(await gaps.list(gapRangeOf(tools.query(c, schemas.gapRange)))),
    'POST /gaps/:key/draft': async (c) => {
      const body = await tools.jsonBody(c, schemas.gapBody);
      const result = await gaps.draft(param(c, 'key', gapKey), gapRangeOf(body), tools.actor(c));
      return c.json(result, result.created ? 201 : 200);
    },
    'POST /gaps/:key/variants': async (c) => {
      const { faqId, ...input } = await tools.jsonBody(c, schemas.variants);
      return c.json(
        await gaps.addVariants(param(c, 'key', gapKey), faqId, gapRangeOf(input), tools.actor(c)),
      );
    },
    'POST /gaps/:key/ignore': async (c) => {
      const { reason } = await tools.jsonBody(c, schemas.ignore);
      return c.json(await gaps.ignore(param(c, 'key', gapKey), reason, tools.actor(c)));
    },
    'POST /gaps/:key/unignore': async (c) =>
      c.json((await gaps.unignore(param(c, 'key', gapKey), tools.actor(c))) ?? {}),
    'POST /gaps/:key/merge': async (c) => {
      const { into, ...input } = await tools.jsonBody(c, schemas.merge);
      return c.json(await gaps.merge(param(c, 'key', gapKey), into, gapRangeOf(input), tools.actor(c)));
    },
    'POST /gaps/:key/split': async (c) => {
      const { members, ...input } = await tools.jsonBody(c, schemas.split);
      return c.json(await gaps.split(param(c, 'key', gapKey), members, gapRangeOf(input), tools.actor(c)));
    },
    'GET /suggestions': async (c) => c.json(await gaps.suggestions()),
    'POST /suggestions': async (c) => {
      const { note, faqId, ...input } = await tools.jsonBody(c, schemas.suggestion);
      const created = await gaps.suggestFromFeedback(
        { ...input, ...(note ? { note } : {}), ...(faqId ? { faqId } : {}) },
        tools.actor(c),
      );
      return c.json(created, 201);
    },
    'POST /suggestions/:id/status': async (c) => {
      const { status, reason } = await tools.jsonBody(c, schemas.suggestionStatus);
      return c.json(
        await gaps.setSuggestionStatus(param(c, 'id', turnParam), status, reason, tools.actor(c)),
      );
    },
  };
}

/** The workspace's errors as statuses; undefined for anything else. */
export function analystError(
  error: unknown,
): { status: 400 | 404; body: Record<string, unknown> } | undefined {
  if (error instanceof AnalyticsRangeError)
    return { status: 400, body: { error: error.message, field: 'from' } };
  if (error instanceof InvalidCursorError)
    return { status: 400, body: { error: error.message, field: 'cursor' } };
  if (error instanceof TurnNotFoundError) return { status: 404, body: { error: 'not found' } };
  if (error instanceof GapNotFoundError)
    return { status: 404, body: { error: error.message, key: error.key } };
  if (error instanceof SuggestionNotFoundError)
    return { status: 404, body: { error: 'not found', id: error.id } };
  return undefined;
}
