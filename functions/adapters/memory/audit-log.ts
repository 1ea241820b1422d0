import {
  AUDIT_LIST_DEFAULT,
  AUDIT_LIST_MAX,
  auditMonthOf,
  checkAuditMonth,
} from '../../app/console/audit.js';
import type { AuditEntry, AuditLog } from '../../app/console/contracts.js';

/**
 * In-memory audit log, same contract as the DynamoDB one (tests/contract/audit-log.test.ts):
 * append-only, listed by month newest first; what it stores and returns is a copy.
 */
export class MemoryAuditLog implements AuditLog {
  private readonly entries: { readonly month: string; readonly seq: number; readonly entry: AuditEntry }[] =
    [];
  private seq = 0;

  async append(entry: AuditEntry): Promise<void> {
    const month = auditMonthOf(entry);
    this.entries.push({ month, seq: this.seq++, entry: structuredClone(entry) });
  }

  async list(query: { readonly month: string; readonly limit?: number }): Promise<AuditEntry[]> {
    checkAuditMonth(query.month);
    const limit = Math.min(Math.max(1, query.limit ?? AUDIT_LIST_DEFAULT), AUDIT_LIST_MAX);
    return structuredClone(
      this.entries
        .filter((stored) => stored.month === query.month)
        .sort((a, b) => (a.entry.at === b.entry.at ? b.seq - a.seq : a.entry.at < b.entry.at ? 1 : -1))
        .slice(0, limit)
        .map((stored) => stored.entry),
    );
  }

  /** Every entry, oldest first (tests). */
  all(): AuditEntry[] {
    return structuredClone(this.entries.map((stored) => stored.entry));
  }
}
