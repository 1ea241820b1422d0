/**
 * The staff audit log in the content table: append-only items, one partition per month.
 *   pk `AUDIT#<yyyy-mm>` (the UTC month of `at`), sk `<at>#<random id>`, so a month reads back
 *   in time order with one Query and two entries at the same instant never overwrite each other.
 * The put is conditional on the key being new: an entry, once written, is never replaced.
 * No `kind` attribute, so audit items stay out of the byKind index the FAQ list reads.
 */
import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  AUDIT_LIST_DEFAULT,
  AUDIT_LIST_MAX,
  auditMonthOf,
  checkAuditMonth,
} from '../../app/console/audit.js';
import type { AuditEntry, AuditLog } from '../../app/console/contracts.js';

export function auditPk(month: string): string {
  return `AUDIT#${month}`;
}

export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly newId: () => string = () => randomUUID(),
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    const month = auditMonthOf(entry);
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: auditPk(month), sk: `${entry.at}#${this.newId()}`, ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async list(query: { readonly month: string; readonly limit?: number }): Promise<AuditEntry[]> {
    checkAuditMonth(query.month);
    const limit = Math.min(Math.max(1, query.limit ?? AUDIT_LIST_DEFAULT), AUDIT_LIST_MAX);
    const entries: AuditEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': auditPk(query.month) },
          ScanIndexForward: false,
          Limit: limit - entries.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) entries.push(toEntry(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey && entries.length < limit);
    return entries;
  }
}

function toEntry(record: Record<string, unknown>): AuditEntry {
  const { pk: _pk, sk: _sk, ...entry } = record;
  return entry as unknown as AuditEntry;
}
