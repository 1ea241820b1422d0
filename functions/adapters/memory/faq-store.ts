import {
  type FaqDraft,
  type FaqItem,
  FaqVersionConflictError,
  nextVersion,
} from '../../core/knowledge/faq.js';
import type { Clock, FaqSaveOptions, FaqStore } from '../../core/ports.js';
import { systemClock } from '../../shared/clock.js';

/**
 * In-memory FAQ store: the unit-test fake, same contract as the DynamoDB one
 * (tests/contract/faq-store.test.ts); what it returns is a copy, as a database's read is.
 */
export class MemoryFaqStore implements FaqStore {
  private readonly current = new Map<string, FaqItem>();
  private readonly versions = new Map<string, FaqItem[]>();
  private readonly live = new Map<string, FaqItem>();

  constructor(private readonly clock: Clock = systemClock) {}

  async get(id: string): Promise<FaqItem | undefined> {
    const item = this.current.get(id);
    return item && structuredClone(item);
  }

  async list(): Promise<FaqItem[]> {
    return structuredClone([...this.current.values()].sort((a, b) => a.id.localeCompare(b.id)));
  }

  async save(
    draft: FaqDraft,
    actor: string,
    expectedVersion: number,
    options: FaqSaveOptions = {},
  ): Promise<FaqItem> {
    const previous = this.current.get(draft.id);
    if ((previous?.version ?? 0) !== expectedVersion)
      throw new FaqVersionConflictError(draft.id, expectedVersion);
    const item = nextVersion(draft, previous, actor, this.clock.now().toISOString(), options);
    this.current.set(item.id, item);
    this.versions.set(item.id, [...(this.versions.get(item.id) ?? []), item]);
    if (item.status === 'published') this.live.set(item.id, item);
    if (item.status === 'unpublished') this.live.delete(item.id);
    return structuredClone(item);
  }

  async listLive(): Promise<FaqItem[]> {
    return structuredClone([...this.live.values()].sort((a, b) => a.id.localeCompare(b.id)));
  }

  async history(id: string): Promise<FaqItem[]> {
    return structuredClone([...(this.versions.get(id) ?? [])].reverse());
  }
}
