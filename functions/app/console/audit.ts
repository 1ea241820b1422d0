/**
 * Rules every AuditLog implementation shares: an entry is filed under the UTC month of its
 * `at` (an ISO time), months are `YYYY-MM`, and a listing returns at most AUDIT_LIST_MAX entries.
 */
import type { Actor, AuditAction, AuditEntry, AuditLog } from './contracts.js';

export const AUDIT_LIST_DEFAULT = 100;
export const AUDIT_LIST_MAX = 1000;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const MONTH = /^\d{4}-(?:0[1-9]|1[0-2])$/;

/** The month partition of an entry; refuses an entry whose time is not a UTC ISO time. */
export function auditMonthOf(entry: AuditEntry): string {
  if (!ISO_TIME.test(entry.at) || !Number.isFinite(Date.parse(entry.at)))
    throw new Error(`audit entry time must be an ISO UTC time, got "${entry.at}"`);
  if (entry.actor.trim() === '') throw new Error('audit entry needs an actor');
  return entry.at.slice(0, 7);
}

export function checkAuditMonth(month: string): void {
  if (!MONTH.test(month)) throw new Error(`audit month must be YYYY-MM, got "${month}"`);
}

/** Appends one entry stamped with the clock's time: what every use case calls after a change. */
export async function recordAudit(
  audit: AuditLog,
  now: Date,
  actor: Actor | string,
  action: AuditAction,
  target: string | undefined,
  detail?: Readonly<Record<string, unknown>>,
): Promise<void> {
  await audit.append({
    at: now.toISOString(),
    actor: typeof actor === 'string' ? actor : actor.email,
    action,
    ...(target !== undefined ? { target } : {}),
    ...(detail ? { detail } : {}),
  });
}
