/**
 * FAQ editing for staff (the FaqAdmin of contracts.ts): every change is a new version in the
 * FaqStore and an entry in the audit log. Only an item's latest version counts: saving a draft
 * over a published item takes it off the air until it is published again, so an editor who
 * wants the live item to stay live saves it with status `published` (the publishing rules run).
 *
 * Publishing needs at least one citation, an effective period whose end is not before its
 * start, and no collision: no variant of the item (typed or folded) that the bot's own FAQ
 * matcher would send to another published item (core/knowledge/faq-collisions.ts).
 */
import { vietnamDate } from '../../core/dialogue/handle.js';
import {
  type FaqDraft,
  type FaqItem,
  FaqVersionConflictError,
  isInEffect,
  publishProblems,
} from '../../core/knowledge/faq.js';
import { collisionReason, findCollisions } from '../../core/knowledge/faq-collisions.js';
import {
  asItem,
  contentDiff,
  contentOf,
  type FaqContent,
  readFaqDraft,
} from '../../core/knowledge/faq-edit.js';
import { searchFaqs } from '../../core/knowledge/faq-search.js';
import type { Clock, FaqStore } from '../../core/ports.js';
import { defaultAnalyzer, type VietnameseAnalyzer } from '../../core/text/analyze.js';
import { recordAudit } from './audit.js';
import {
  type Actor,
  type AnsweringItem,
  type AuditLog,
  type FaqAdmin,
  type FaqCollision,
  FaqExistsError,
  type FaqListQuery,
  FaqNotFoundError,
  FaqPublishBlockedError,
  FaqValidationError,
  type FaqVersion,
} from './contracts.js';
import { confirmedByBot, exportFaqItems, importFaqItems } from './faq-transfer.js';

export interface FaqAdminDeps {
  readonly store: FaqStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** The analyser the bot matches with (its knowledge index's); default: defaultAnalyzer(). */
  readonly analyzer?: VietnameseAnalyzer;
  /** The whole bot's answer, to confirm a collision the matcher sees (the test bench's). */
  readonly answeringItem?: AnsweringItem;
}

/** The FaqAdmin createFaqAdmin returns (the name the composition and tests use). */
export type FaqAdminService = FaqAdmin;

/** Change note of a version restored from an older one. */
export const restoreNote = (version: number): string => `khôi phục từ phiên bản ${version}`;

export function createFaqAdmin(deps: FaqAdminDeps): FaqAdminService {
  const analyzer = deps.analyzer ?? defaultAnalyzer();
  const now = () => deps.clock.now();

  const validated = (input: unknown, id?: string): FaqContent => {
    const withId =
      id !== undefined && typeof input === 'object' && input !== null && !('id' in input)
        ? { ...input, id }
        : input;
    const result = readFaqDraft(withId);
    if (!result.ok) throw new FaqValidationError(result.issues);
    if (id !== undefined && result.draft.id !== id)
      throw new FaqValidationError([
        { field: 'id', message: `Không đổi được mã "${id}"; muốn đổi mã thì tạo câu hỏi mới.` },
      ]);
    return result.draft;
  };

  const published = async (): Promise<FaqItem[]> => deps.store.listLive();

  const collisionsOf = async (draft: FaqContent): Promise<FaqCollision[]> => {
    const item = asItem(draft);
    const live = await published();
    const found = findCollisions(item, live, analyzer);
    if (found.length === 0) return found;
    const together = [
      ...live.filter((other) => other.id !== item.id),
      { ...item, status: 'published' as const },
    ];
    const confirmed = await confirmedByBot(
      new Map([[item.id, found]]),
      together,
      deps.answeringItem,
      vietnamDate(now()),
    );
    return [...(confirmed.get(item.id) ?? [])];
  };

  /** Throws FaqPublishBlockedError unless the content may be published. */
  const checkPublishable = async (draft: FaqContent): Promise<void> => {
    const reasons = publishProblems(draft).map((problem) => problem.message);
    const collisions = await collisionsOf(draft);
    reasons.push(...collisions.map(collisionReason));
    if (reasons.length > 0) throw new FaqPublishBlockedError(reasons, collisions);
  };

  const current = async (id: string): Promise<FaqItem> => {
    const item = await deps.store.get(id);
    if (!item) throw new FaqNotFoundError(id);
    return item;
  };

  const save = async (
    draft: FaqContent,
    actor: Actor,
    expectedVersion: number,
    changeNote: string | undefined,
  ): Promise<FaqItem> =>
    deps.store.save(draft as FaqDraft, actor.email, expectedVersion, changeNote ? { changeNote } : {});

  return {
    async list(query: FaqListQuery): Promise<FaqItem[]> {
      const today = vietnamDate(now());
      const until =
        query.expiringWithinDays !== undefined ? addDays(today, query.expiringWithinDays) : undefined;
      const items = (await deps.store.list()).filter(
        (item) =>
          (query.status === undefined || item.status === query.status) &&
          (query.tag === undefined || item.tags.includes(query.tag)) &&
          (query.inEffectOn === undefined || isInEffect(item, query.inEffectOn)) &&
          (until === undefined ||
            (item.effectiveTo !== undefined && item.effectiveTo >= today && item.effectiveTo <= until)) &&
          (query.noCitation !== true || item.citations.length === 0),
      );
      const q = query.q?.normalize('NFC').trim();
      if (!q) return items;
      return searchFaqs(items, q, analyzer).map((hit) => hit.item);
    },

    get: (id) => deps.store.get(id),

    async create(input, actor, changeNote) {
      const draft = validated(input);
      if (await deps.store.get(draft.id)) throw new FaqExistsError(draft.id);
      if (draft.status === 'published') await checkPublishable(draft);
      let item: FaqItem;
      try {
        item = await save(draft, actor, 0, changeNote);
      } catch (error) {
        // Another editor created the same id in between.
        if (error instanceof FaqVersionConflictError) throw new FaqExistsError(draft.id);
        throw error;
      }
      await recordAudit(deps.audit, now(), actor, 'faq-create', item.id, auditDetail(item));
      return item;
    },

    async update(id, input, baseVersion, actor, changeNote) {
      const draft = validated(input, id);
      const existing = await current(id);
      if (existing.version !== baseVersion) throw new FaqVersionConflictError(id, baseVersion);
      const changes = contentDiff(contentOf(existing), draft);
      // Nothing to record: the same content saved again makes no version.
      if (changes.length === 0 && !changeNote) return existing;
      if (draft.status === 'published') await checkPublishable(draft);
      const item = await save(draft, actor, baseVersion, changeNote);
      await recordAudit(deps.audit, now(), actor, 'faq-update', id, {
        ...auditDetail(item),
        fields: changes.map((change) => change.field),
      });
      return item;
    },

    async publish(id, actor) {
      const existing = await current(id);
      if (existing.status === 'published') return existing;
      const draft = { ...contentOf(existing), status: 'published' as const };
      await checkPublishable(draft);
      const item = await save(draft, actor, existing.version, undefined);
      await recordAudit(deps.audit, now(), actor, 'faq-publish', id, auditDetail(item));
      return item;
    },

    async unpublish(id, actor) {
      const existing = await current(id);
      if (existing.status === 'unpublished') return existing;
      const item = await save(
        { ...contentOf(existing), status: 'unpublished' },
        actor,
        existing.version,
        undefined,
      );
      await recordAudit(deps.audit, now(), actor, 'faq-unpublish', id, auditDetail(item));
      return item;
    },

    async versions(id): Promise<FaqVersion[]> {
      const history = await deps.store.history(id);
      if (history.length === 0) throw new FaqNotFoundError(id);
      return history;
    },

    async restore(id, version, actor) {
      const history = await deps.store.history(id);
      const old = history.find((entry) => entry.version === version);
      const latest = history[0];
      if (!old || !latest) throw new FaqNotFoundError(history.length === 0 ? id : `${id} v${version}`);
      const draft = validated({ ...contentOf(old), status: 'draft' });
      const item = await save(draft, actor, latest.version, restoreNote(version));
      await recordAudit(deps.audit, now(), actor, 'faq-restore', id, { ...auditDetail(item), from: version });
      return item;
    },

    collisions: async (input) => collisionsOf(validated(input)),

    importItems: (body, format, options) =>
      importFaqItems(body, format, options, {
        store: deps.store,
        audit: deps.audit,
        clock: deps.clock,
        analyzer,
        ...(deps.answeringItem ? { answeringItem: deps.answeringItem } : {}),
      }),

    async exportItems(format, actor) {
      const file = await exportFaqItems(format, { store: deps.store, clock: deps.clock });
      if (actor) await recordAudit(deps.audit, now(), actor, 'faq-export', file.filename, { format });
      return file;
    },
  };
}

function auditDetail(item: FaqItem): Record<string, unknown> {
  return {
    version: item.version,
    status: item.status,
    ...(item.changeNote ? { changeNote: item.changeNote } : {}),
  };
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
