/**
 * TEST DOUBLES of the console's use cases, for the HTTP API's tests only (the route × role
 * matrix, the security checks). They record what reached them and answer with canned shapes;
 * they implement none of the FAQ rules. The real FaqAdmin and the DynamoDB AuditLog have
 * their own tests.
 */
import type { ChatMessage } from '../../functions/adapters/console/api.js';
import { MemoryAnalystStore } from '../../functions/adapters/memory/analyst-store.js';
import { MemoryConversationLog } from '../../functions/adapters/memory/conversation-log.js';
import {
  type AnalystWorkspace,
  createAnalystWorkspace,
} from '../../functions/app/console/analyst-workspace.js';
import type {
  Actor,
  AuditEntry,
  AuditLog,
  ExportFile,
  FaqAdmin,
  FaqCollision,
  FaqListQuery,
  FaqVersion,
  ImportFormat,
  ImportMode,
  ImportReport,
  TestAnswer,
} from '../../functions/app/console/contracts.js';
import type { FaqItem } from '../../functions/core/knowledge/faq.js';

export interface DoubleCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

/** FaqAdmin DOUBLE: one canned item (`double-item`); every call is recorded in `calls`. */
export class FaqAdminDouble implements FaqAdmin {
  readonly calls: DoubleCall[] = [];
  /** Throw this from the next call instead of answering (then cleared). */
  failNext: Error | undefined;
  readonly item: FaqItem = {
    id: 'double-item',
    questions: ['Câu hỏi mẫu của bản thử?'],
    answer: 'Câu trả lời mẫu của bản thử nghiệm.',
    tags: [],
    citations: [{ document: 'Luật Bảo hiểm xã hội 41/2024/QH15' }],
    effectiveFrom: '2025-07-01',
    status: 'draft',
    version: 1,
    createdAt: '2026-11-23T00:00:00.000Z',
    createdBy: 'double',
    updatedAt: '2026-11-23T00:00:00.000Z',
    updatedBy: 'double',
  };

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const failure = this.failNext;
    if (failure) {
      this.failNext = undefined;
      throw failure;
    }
  }

  last(method: string): DoubleCall | undefined {
    return this.calls.filter((call) => call.method === method).at(-1);
  }

  async list(query: FaqListQuery): Promise<FaqItem[]> {
    this.record('list', query);
    return [this.item];
  }
  async get(id: string): Promise<FaqItem | undefined> {
    this.record('get', id);
    return id === this.item.id ? this.item : undefined;
  }
  async create(draft: unknown, actor: Actor, changeNote?: string): Promise<FaqItem> {
    this.record('create', draft, actor, changeNote);
    return { ...this.item, ...(draft as object), version: 1 };
  }
  async update(
    id: string,
    draft: unknown,
    baseVersion: number,
    actor: Actor,
    changeNote?: string,
  ): Promise<FaqItem> {
    this.record('update', id, draft, baseVersion, actor, changeNote);
    return { ...this.item, ...(draft as object), version: baseVersion + 1 };
  }
  async publish(id: string, actor: Actor): Promise<FaqItem> {
    this.record('publish', id, actor);
    return { ...this.item, id, status: 'published' };
  }
  async unpublish(id: string, actor: Actor): Promise<FaqItem> {
    this.record('unpublish', id, actor);
    return { ...this.item, id, status: 'draft' };
  }
  async versions(id: string): Promise<FaqVersion[]> {
    this.record('versions', id);
    return [{ ...this.item, id, changeNote: 'double' }];
  }
  async restore(id: string, version: number, actor: Actor): Promise<FaqItem> {
    this.record('restore', id, version, actor);
    return { ...this.item, id, version: 2 };
  }
  async collisions(draft: unknown): Promise<FaqCollision[]> {
    this.record('collisions', draft);
    return [];
  }
  async importItems(
    body: string,
    format: ImportFormat,
    options: { readonly mode: ImportMode; readonly dryRun: boolean; readonly actor: Actor },
  ): Promise<ImportReport> {
    this.record('importItems', body, format, options);
    return {
      dryRun: options.dryRun,
      mode: options.mode,
      rows: [],
      counts: { new: 0, changed: 0, unchanged: 0, rejected: 0, unpublished: 0 },
    };
  }
  async exportItems(format: ImportFormat, actor?: Actor): Promise<ExportFile> {
    this.record('exportItems', format, actor);
    return format === 'csv'
      ? {
          contentType: 'text/csv; charset=utf-8',
          filename: 'faq export.csv',
          body: '\uFEFFid\r\ndouble-item\r\n',
        }
      : { contentType: 'application/json; charset=utf-8', filename: 'faq.json', body: '{"items":[]}' };
  }
}

/** AuditLog DOUBLE: an array. */
export class AuditLogDouble implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async append(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }
  async list(query: { readonly month: string; readonly limit?: number }): Promise<AuditEntry[]> {
    return this.entries.filter((entry) => entry.at.startsWith(query.month)).slice(0, query.limit ?? 1000);
  }
}

/** The injected test-bench and chat functions, DOUBLES recording their calls. */
export function assistantDoubles(): {
  calls: DoubleCall[];
  ask: (question: string, date?: string) => Promise<TestAnswer>;
  testAll: () => Promise<unknown>;
  chat: (message: ChatMessage, actor: Actor) => Promise<{ replies: unknown[] }>;
  feedback: (input: unknown, actor: Actor) => Promise<unknown>;
} {
  const calls: DoubleCall[] = [];
  return {
    calls,
    ask: async (question, date) => {
      calls.push({ method: 'ask', args: [question, date] });
      return { question, text: 'trả lời thử', intent: 'faq', path: 'faq', citations: [] };
    },
    testAll: async () => {
      calls.push({ method: 'testAll', args: [] });
      return { total: 0, failures: [] };
    },
    chat: async (message, actor) => {
      const text = 'text' in message ? message.text : message.button;
      calls.push({ method: 'chat', args: [message.conversationId, text, actor] });
      return { replies: [{ text: 'xin chào' }] };
    },
    feedback: async (input, actor) => {
      calls.push({ method: 'feedback', args: [input, actor] });
      return { recorded: true };
    },
  };
}

/** The real analyst workspace over an empty in-memory log, for API tests about something else. */
export function emptyAnalystWorkspace(
  faq: FaqAdmin = new FaqAdminDouble(),
  audit: AuditLog = new AuditLogDouble(),
): AnalystWorkspace {
  let id = 0;
  return createAnalystWorkspace({
    archive: new MemoryConversationLog(),
    store: new MemoryAnalystStore(),
    faq,
    audit,
    clock: { now: () => new Date() },
    ids: { next: () => `s${++id}` },
  });
}
