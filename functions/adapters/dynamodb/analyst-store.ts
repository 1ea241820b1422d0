/**
 * Gap-cluster states and suggestions in the content table, beside the FAQ items they lead to:
 *   pk `GAP#<cluster key>`, sk `STATE`, kind `gap-state`;
 *   pk `SUGGESTION#<id>`, sk `STATE`, kind `suggestion`;
 * both listed through the byKind index (a few hundred items at most).
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import {
  type AnalystStore,
  type GapState,
  SUGGESTION_STATUSES,
  type Suggestion,
} from '../../app/console/analyst-ports.js';
import { queryKind } from './query-all.js';

const by = z.object({ reason: z.string(), by: z.string(), at: z.string() });
const gapStateSchema = z.object({
  key: z.string(),
  ignored: by.optional(),
  faqId: z.string().optional(),
  pinned: z.array(z.string()).optional(),
  mergedInto: z.string().optional(),
  splitFrom: z.string().optional(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
const suggestionSchema = z.object({
  id: z.string(),
  origin: z.enum(['gap', 'feedback']),
  source: z.string(),
  title: z.string(),
  note: z.string().optional(),
  faqId: z.string().optional(),
  evidence: z.array(z.string()),
  status: z.enum(SUGGESTION_STATUSES),
  reason: z.string().optional(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

const KINDS = { gap: 'gap-state', suggestion: 'suggestion' } as const;

export class DynamoAnalystStore implements AnalystStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async gapStates(): Promise<GapState[]> {
    return (await this.listKind(KINDS.gap)).flatMap((item) => parsed(gapStateSchema, item));
  }

  async getGapState(key: string): Promise<GapState | undefined> {
    return parsed(gapStateSchema, await this.get(`GAP#${key}`))[0];
  }

  async putGapState(state: GapState): Promise<void> {
    await this.put(`GAP#${state.key}`, KINDS.gap, state);
  }

  async suggestions(): Promise<Suggestion[]> {
    return (await this.listKind(KINDS.suggestion)).flatMap((item) => parsed(suggestionSchema, item));
  }

  async getSuggestion(id: string): Promise<Suggestion | undefined> {
    return parsed(suggestionSchema, await this.get(`SUGGESTION#${id}`))[0];
  }

  async putSuggestion(suggestion: Suggestion): Promise<void> {
    await this.put(`SUGGESTION#${suggestion.id}`, KINDS.suggestion, suggestion);
  }

  private async get(pk: string): Promise<Record<string, unknown> | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk, sk: 'STATE' } }),
    );
    return result.Item;
  }

  private async put(pk: string, kind: string, value: object): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { pk, sk: 'STATE', kind, ...value } }),
    );
  }

  private listKind(kind: string): Promise<Record<string, unknown>[]> {
    return queryKind(this.doc, this.tableName, kind);
  }
}

/** The stored item read with its schema (keys dropped); nothing when it does not decode. */
function parsed<S extends z.ZodType>(schema: S, item: Record<string, unknown> | undefined): z.output<S>[] {
  if (!item) return [];
  const { pk: _pk, sk: _sk, kind: _kind, ...rest } = item;
  const result = schema.safeParse(rest);
  return result.success ? [result.data] : [];
}
