/** AuditLog: what the console's audit screen and every staff change rely on. */
import { expect, it } from 'vitest';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb/audit-log.js';
import { MemoryAuditLog } from '../../functions/adapters/memory/audit-log.js';
import type { AuditEntry, AuditLog } from '../../functions/app/console/contracts.js';
import { describeContract } from './contract.js';

const entry = (at: string, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  at,
  actor: 'bien-tap@example.vn',
  action: 'faq-update',
  target: 'bhxh-tn-muc-dong',
  detail: { version: 3 },
  ...overrides,
});

describeContract<AuditLog>(
  'AuditLog',
  {
    memory: () => new MemoryAuditLog(),
    dynamodb: async ({ doc, table }) => new DynamoAuditLog(doc, await table('content')),
  },
  (subject) => {
    it('has nothing for a month without entries', async () => {
      const { store } = subject();
      expect(await store.list({ month: '2026-11' })).toEqual([]);
    });

    it('lists a month newest first, each entry exactly as appended', async () => {
      const { store, again } = subject();
      const first = entry('2026-11-02T08:00:00.000Z', { action: 'faq-create', detail: { version: 1 } });
      const second = entry('2026-11-15T09:30:00.000Z', {
        action: 'faq-import',
        target: 'import',
        detail: {
          counts: { new: 2, changed: 1, unchanged: 40, rejected: 1, unpublished: 0 },
          mode: 'upsert',
        },
      });
      const third = entry('2026-11-30T23:59:59.999Z', {
        action: 'login',
        target: undefined,
        detail: undefined,
      });
      await store.append(second);
      await store.append(first);
      await store.append({ at: third.at, actor: third.actor, action: third.action });
      const listed = await (await again()).list({ month: '2026-11' });
      expect(listed).toEqual([{ at: third.at, actor: third.actor, action: 'login' }, second, first]);
    });

    it('files each entry under the UTC month of its time', async () => {
      const { store } = subject();
      await store.append(entry('2026-10-31T23:59:59.000Z'));
      await store.append(entry('2026-11-01T00:00:00.000Z'));
      await store.append(entry('2026-12-01T00:00:00.000Z'));
      expect((await store.list({ month: '2026-10' })).map((e) => e.at)).toEqual(['2026-10-31T23:59:59.000Z']);
      expect((await store.list({ month: '2026-11' })).map((e) => e.at)).toEqual(['2026-11-01T00:00:00.000Z']);
      expect((await store.list({ month: '2026-12' })).map((e) => e.at)).toEqual(['2026-12-01T00:00:00.000Z']);
    });

    it('keeps two entries written at the same instant, even from two instances', async () => {
      const { store, again } = subject();
      const other = await again();
      const at = '2026-11-20T10:00:00.000Z';
      await Promise.all([
        store.append(entry(at, { actor: 'a@example.vn' })),
        other.append(entry(at, { actor: 'b@example.vn' })),
        store.append(entry(at, { actor: 'c@example.vn' })),
      ]);
      const actors = (await store.list({ month: '2026-11' })).map((e) => e.actor).sort();
      expect(actors).toEqual(['a@example.vn', 'b@example.vn', 'c@example.vn']);
    });

    it('returns at most `limit` entries, the newest', async () => {
      const { store } = subject();
      for (let day = 1; day <= 9; day++) await store.append(entry(`2026-11-0${day}T00:00:00.000Z`));
      const listed = await store.list({ month: '2026-11', limit: 3 });
      expect(listed.map((e) => e.at.slice(0, 10))).toEqual(['2026-11-09', '2026-11-08', '2026-11-07']);
    });

    it('refuses an entry without a UTC ISO time or an actor, and a malformed month', async () => {
      const { store } = subject();
      await expect(store.append(entry('2026-11-20 10:00'))).rejects.toThrow(/ISO/);
      await expect(store.append(entry('2026-11-20T17:00:00+07:00'))).rejects.toThrow(/ISO/);
      await expect(store.append(entry('2026-11-20T10:00:00.000Z', { actor: ' ' }))).rejects.toThrow(/actor/);
      await expect(store.list({ month: '2026-13' })).rejects.toThrow(/YYYY-MM/);
      await expect(store.list({ month: '2026-1' })).rejects.toThrow(/YYYY-MM/);
      expect(await store.list({ month: '2026-11' })).toEqual([]);
    });

    it('keeps a snapshot: changing an appended or returned entry does not change the stored one', async () => {
      const { store } = subject();
      const appended = { ...entry('2026-11-20T10:00:00.000Z'), detail: { version: 3 } };
      await store.append(appended);
      (appended.detail as { version: number }).version = 99;
      const [listed] = await store.list({ month: '2026-11' });
      (listed?.detail as { version: number }).version = 42;
      expect((await store.list({ month: '2026-11' }))[0]?.detail).toEqual({ version: 3 });
    });
  },
);
