import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type FaqDraft,
  type FaqItem,
  FaqVersionConflictError,
  nextVersion,
} from '../../core/knowledge/faq.js';
import type { Clock, FaqSaveOptions, FaqStore } from '../../core/ports.js';
import { systemClock } from '../../shared/clock.js';
import { queryKind } from './query-all.js';

/**
 * FAQ items in the content table. The current version is `pk=FAQ#<id>, sk=CURRENT` with
 * `kind=faq` (listed through the `byKind` index); every version, the current one included,
 * is also kept as `sk=V#<000001>` with `kind=faq-version`, so history survives edits.
 * The version citizens are served is `sk=LIVE` with `kind=faq-live`: written on publish,
 * deleted on unpublish, untouched by a draft (an edit in progress never takes an answer away).
 * A save is conditional on the version the editor started from.
 */
export class DynamoFaqStore implements FaqStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async get(id: string): Promise<FaqItem | undefined> {
    const result = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: faqPk(id), sk: 'CURRENT' },
        ConsistentRead: true,
      }),
    );
    return result.Item ? toItem(result.Item) : undefined;
  }

  async list(): Promise<FaqItem[]> {
    return this.listKind('faq');
  }

  async listLive(): Promise<FaqItem[]> {
    const [live, current] = await Promise.all([this.listKind('faq-live'), this.listKind('faq')]);
    const served = new Set(live.map((item) => item.id));
    // Items published before `LIVE` records existed have none: their current version is live.
    const legacy = current.filter((item) => item.status === 'published' && !served.has(item.id));
    return [...live, ...legacy].sort((a, b) => a.id.localeCompare(b.id));
  }

  private async listKind(kind: 'faq' | 'faq-live'): Promise<FaqItem[]> {
    const items = (await queryKind(this.doc, this.tableName, kind)).map(toItem);
    return items.sort((a, b) => a.id.localeCompare(b.id));
  }

  async save(
    draft: FaqDraft,
    actor: string,
    expectedVersion: number,
    options: FaqSaveOptions = {},
  ): Promise<FaqItem> {
    const previous = await this.get(draft.id);
    if ((previous?.version ?? 0) !== expectedVersion)
      throw new FaqVersionConflictError(draft.id, expectedVersion);
    const item = nextVersion(draft, previous, actor, this.clock.now().toISOString(), options);
    const pk = faqPk(item.id);
    try {
      // The version record is written first and only once: two editors who started from the
      // same version race for the same `V#` key and the loser gets a conflict. (dynalite, our
      // embedded default, has no TransactWriteItems, so this is two conditional puts.)
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk, sk: versionSk(item.version), kind: 'faq-version', ...item },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk, sk: 'CURRENT', kind: 'faq', ...item },
          ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
          ExpressionAttributeValues: { ':version': item.version },
        }),
      );
      // What citizens are served moves only on publish and unpublish; never back to an older version.
      if (item.status === 'published') {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk, sk: 'LIVE', kind: 'faq-live', ...item },
            ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
            ExpressionAttributeValues: { ':version': item.version },
          }),
        );
      } else if (item.status === 'unpublished') {
        await this.doc.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { pk, sk: 'LIVE' },
            ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
            ExpressionAttributeValues: { ':version': item.version },
          }),
        );
      }
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new FaqVersionConflictError(item.id, expectedVersion, error);
      }
      throw error;
    }
    return item;
  }

  async history(id: string): Promise<FaqItem[]> {
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': faqPk(id), ':prefix': 'V#' },
        ScanIndexForward: false,
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map(toItem);
  }
}

function faqPk(id: string): string {
  return `FAQ#${id}`;
}

function versionSk(version: number): string {
  return `V#${String(version).padStart(6, '0')}`;
}

function toItem(record: Record<string, unknown>): FaqItem {
  const { pk: _pk, sk: _sk, kind: _kind, ...item } = record;
  return item as unknown as FaqItem;
}
