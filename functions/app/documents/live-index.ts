/**
 * The index a long-lived process answers with (the worker's Lambda container, `npm start`):
 * the published version, checked at most every `checkMs` (30 s), loaded and swapped in
 * without a restart. A message being answered keeps the index it started with (answers read
 * `index` once), so a swap never drops or mixes one. A failed check or load keeps the old
 * index and is tried again at the next interval.
 */
import type { KnowledgeIndex } from '../../core/knowledge/index.js';
import type { Clock } from '../../core/ports.js';
import type { DocumentStore, KnowledgeArtifacts } from './ports.js';

export interface LiveIndexDeps {
  readonly pointer: Pick<DocumentStore, 'currentIndex'>;
  readonly artifacts: Pick<KnowledgeArtifacts, 'readIndex'>;
  readonly clock: Clock;
  readonly checkMs: number;
  /** Served until a version is published (the sample, or the prebuilt artifact of the bundle). */
  readonly fallback: () => Promise<KnowledgeIndex>;
  readonly log?: (
    event: string,
    fields: Readonly<Record<string, string | number | boolean | undefined>>,
  ) => void;
}

export class LiveIndex {
  private current: KnowledgeIndex;
  private version: number;
  private checkedAt: number;
  private checking: Promise<void> | undefined;

  private constructor(
    private readonly deps: LiveIndexDeps,
    index: KnowledgeIndex,
    version: number,
  ) {
    this.current = index;
    this.version = version;
    this.checkedAt = deps.clock.now().getTime();
  }

  /** The published index if there is one, else the fallback. */
  static async open(deps: LiveIndexDeps): Promise<LiveIndex> {
    const pointer = await deps.pointer.currentIndex();
    if (pointer) return new LiveIndex(deps, await deps.artifacts.readIndex(pointer.key), pointer.version);
    return new LiveIndex(deps, await deps.fallback(), 0);
  }

  get index(): KnowledgeIndex {
    return this.current;
  }

  /** The version served (0: the fallback, nothing published yet). */
  get servedVersion(): number {
    return this.version;
  }

  /**
   * Read the pointer if the last check is `checkMs` old, and swap to a newer version. Callers
   * arriving while a check runs do not wait for it: they answer with the index at hand.
   */
  async refresh(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    if (this.checking || now - this.checkedAt < this.deps.checkMs) return;
    this.checkedAt = now;
    this.checking = this.check().finally(() => {
      this.checking = undefined;
    });
    await this.checking;
  }

  private async check(): Promise<void> {
    try {
      const pointer = await this.deps.pointer.currentIndex();
      if (!pointer || pointer.version <= this.version) return;
      const next = await this.deps.artifacts.readIndex(pointer.key);
      this.current = next;
      this.version = pointer.version;
      this.deps.log?.('knowledge.index_swapped', { version: pointer.version, passages: next.chunks.length });
    } catch (error) {
      this.deps.log?.('knowledge.index_check_failed', { error: (error as Error).name });
    }
  }
}
