import {
  type FaqDraft,
  type FaqItem,
  type FaqStore,
  FaqVersionConflictError,
  nextVersion,
} from '../../core/knowledge/faq.js';
import type { Clock } from '../../core/ports.js';

/** In-memory FAQ store: the unit-test fake, same contract as the DynamoDB one. */
export class MemoryFaqStore implements FaqStore {
  private readonly current = new Map<string, FaqItem>();
  private readonly versions = new Map<string, FaqItem[]>();

  constructor(private readonly clock: Clock = { now: () => new Date() }) {}

  async get(id: string): Promise<FaqItem | undefined> {
    return this.current.get(id);
  }

  async list(): Promise<FaqItem[]> {
    return [...this.current.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  async save(draft: FaqDraft, actor: string, expectedVersion: number): Promise<FaqItem> {
    const previous = this.current.get(draft.id);
    if ((previous?.version ?? 0) !== expectedVersion)
      throw new FaqVersionConflictError(draft.id, expectedVersion);
    const item = nextVersion(draft, previous, actor, this.clock.now().toISOString());
    this.current.set(item.id, item);
    this.versions.set(item.id, [...(this.versions.get(item.id) ?? []), item]);
    return item;
  }

  async history(id: string): Promise<FaqItem[]> {
    return [...(this.versions.get(id) ?? [])].reverse();
  }
}
