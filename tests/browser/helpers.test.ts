/**
 * The console's pure helpers (web/src/lib): dd/mm/yyyy ↔ ISO dates, channel counters,
 * version diffs, the editor form → draft conversion, hash routes and role checks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelCounts, TELEGRAM_LIMIT, ZALO_LIMIT } from '../../web/src/lib/counters.js';
import {
  formatDateTime,
  formatPeriod,
  formatScore,
  formatViDate,
  parseViDate,
  readDateField,
  todayIso,
} from '../../web/src/lib/dates.js';
import { diffFaq, diffLines, diffList, formatCitation } from '../../web/src/lib/diff.js';
import { draftFromForm, type FaqForm, formFromItem, reviveForm, sameForm } from '../../web/src/lib/form.js';
import { can } from '../../web/src/lib/roles.js';
import { faqApiQuery, hashFor, parseHash, type Route } from '../../web/src/lib/routes.js';
import type { FaqContent, FaqItem } from '../../web/src/types.js';

describe('dates', () => {
  it('reads dd/mm/yyyy (and d/m/yyyy, - or . between) as YYYY-MM-DD', () => {
    expect(parseViDate('01/07/2025')).toBe('2025-07-01');
    expect(parseViDate('1/7/2025')).toBe('2025-07-01');
    expect(parseViDate(' 31-12-2026 ')).toBe('2026-12-31');
    expect(parseViDate('29.02.2028')).toBe('2028-02-29');
  });

  it('refuses what is not a calendar day', () => {
    for (const text of [
      '31/02/2026',
      '29/02/2026',
      '00/01/2026',
      '01/13/2026',
      '2026-07-01',
      '1/7/26',
      '',
      'hôm nay',
    ])
      expect(parseViDate(text)).toBeUndefined();
  });

  it('round-trips every day between 1900 and 2199', () => {
    const day = fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2199-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(day, (date) => {
        const iso = date.toISOString().slice(0, 10);
        const text = formatViDate(iso);
        expect(text).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
        expect(parseViDate(text)).toBe(iso);
      }),
    );
  });

  it('formats ISO dates, leaves free text alone', () => {
    expect(formatViDate('2025-07-01')).toBe('01/07/2025');
    expect(formatViDate('2025')).toBe('2025');
    expect(formatViDate(undefined)).toBe('');
  });

  it('classifies a field as empty, a date or invalid', () => {
    expect(readDateField('  ')).toEqual({ kind: 'empty' });
    expect(readDateField('01/01/2026')).toEqual({ kind: 'date', iso: '2026-01-01' });
    expect(readDateField('32/01/2026')).toEqual({ kind: 'invalid' });
  });

  it('shows times and "today" in Vietnam time', () => {
    expect(formatDateTime('2026-11-30T17:30:00Z')).toBe('01/12/2026 00:30');
    expect(formatDateTime('2026-11-30T16:59:00.000Z')).toBe('30/11/2026 23:59');
    expect(formatDateTime('không phải ngày')).toBe('không phải ngày');
    expect(todayIso(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
    expect(todayIso(new Date('2026-11-30T16:59:59Z'))).toBe('2026-11-30');
  });

  it('formats periods and scores the Vietnamese way', () => {
    expect(formatPeriod('2025-07-01')).toBe('từ 01/07/2025');
    expect(formatPeriod('2025-07-01', '2026-06-30')).toBe('01/07/2025 – 30/06/2026');
    expect(formatScore(0.9134)).toBe('0,91');
  });
});

describe('channel counters', () => {
  it('counts NFC characters, as saved, not the NFD code units macOS pastes', () => {
    const nfd = 'Bảo hiểm y tế'.normalize('NFD');
    expect(nfd.length).toBeGreaterThan(13);
    const counts = channelCounts(`  ${nfd}\n`);
    expect(counts.zalo.length).toBe(13);
    expect(counts.telegram.length).toBe(13);
  });

  it('counts code points for Zalo and UTF-16 units for Telegram', () => {
    const counts = channelCounts('👍👎');
    expect(counts.zalo.length).toBe(2);
    expect(counts.telegram.length).toBe(4);
  });

  it('flags text over a limit with the number of messages it becomes', () => {
    const atLimit = channelCounts('a'.repeat(ZALO_LIMIT));
    expect(atLimit.zalo).toEqual({ length: 2000, limit: 2000, over: false, parts: 1 });
    const long = channelCounts('á'.repeat(4100));
    expect(long.zalo).toMatchObject({ over: true, parts: 3 });
    expect(long.telegram).toMatchObject({ length: 4100, limit: TELEGRAM_LIMIT, over: true, parts: 2 });
    expect(channelCounts('').zalo).toMatchObject({ length: 0, over: false, parts: 1 });
  });
});

const base: FaqContent = {
  questions: ['Mức đóng BHYT hộ gia đình?', 'BHYT hộ gia đình đóng bao nhiêu'],
  answer: 'Người thứ nhất đóng 4,5% mức lương cơ sở.\nNgười thứ hai đóng 70%.',
  tags: ['bhyt', 'mức đóng'],
  citations: [{ document: 'Nghị định 188/2025/NĐ-CP', section: 'Điều 4', date: '2025-07-01' }],
  effectiveFrom: '2025-07-01',
  status: 'draft',
};

describe('diff', () => {
  it('lists added and removed entries', () => {
    expect(diffList(['a', 'b', 'c'], ['b', 'c', 'd'])).toEqual({
      added: ['d'],
      removed: ['a'],
      kept: ['b', 'c'],
    });
  });

  it('diffs answers line by line', () => {
    expect(diffLines('một\nhai\nba', 'một\nHAI\nba\nbốn')).toEqual([
      { op: 'same', text: 'một' },
      { op: 'del', text: 'hai' },
      { op: 'add', text: 'HAI' },
      { op: 'same', text: 'ba' },
      { op: 'add', text: 'bốn' },
    ]);
    expect(diffLines('', 'x')).toEqual([
      { op: 'del', text: '' },
      { op: 'add', text: 'x' },
    ]);
  });

  it('finds nothing between equal versions', () => {
    const diff = diffFaq(base, { ...base, questions: [...base.questions] });
    expect(diff.changed).toBe(false);
    expect(diff.answer).toBeUndefined();
  });

  it('reports variants, answer, citations, tags, dates and status', () => {
    const after: FaqContent = {
      ...base,
      questions: ['Mức đóng BHYT hộ gia đình?', 'Hộ gia đình đóng BHYT bao nhiêu tiền'],
      answer: 'Người thứ nhất đóng 4,5% mức lương cơ sở.\nNgười thứ hai đóng 70% mức của người thứ nhất.',
      citations: [...base.citations, { document: 'Luật BHYT', section: 'Điều 13', source: 'Quốc hội' }],
      tags: ['bhyt'],
      effectiveTo: '2026-06-30',
      status: 'published',
    };
    const diff = diffFaq(base, after);
    expect(diff.changed).toBe(true);
    expect(diff.questions.added).toEqual(['Hộ gia đình đóng BHYT bao nhiêu tiền']);
    expect(diff.questions.removed).toEqual(['BHYT hộ gia đình đóng bao nhiêu']);
    expect(diff.answer?.filter((line) => line.op !== 'same').map((line) => line.op)).toEqual(['del', 'add']);
    expect(diff.citations.added).toEqual(['Luật BHYT, Điều 13 · Quốc hội']);
    expect(diff.tags.removed).toEqual(['mức đóng']);
    expect(diff.effectiveFrom).toBeUndefined();
    expect(diff.effectiveTo).toEqual({ before: '', after: '2026-06-30' });
    expect(diff.status).toEqual({ before: 'draft', after: 'published' });
  });

  it('counts a reordering of variants as a change', () => {
    const diff = diffFaq(base, { ...base, questions: [...base.questions].reverse() });
    expect(diff.changed).toBe(true);
    expect(diff.questions.added).toEqual([]);
  });

  it('formats a citation on one line', () => {
    expect(
      formatCitation({ document: 'Luật BHXH 41/2024/QH15', section: 'Điều 36', date: '2025-07-01' }),
    ).toBe('Luật BHXH 41/2024/QH15, Điều 36 (01/07/2025)');
  });
});

const item: FaqItem = {
  ...base,
  id: 'bhyt-hgd-muc-dong',
  version: 3,
  createdAt: '2026-11-01T01:00:00Z',
  createdBy: 'a@example.vn',
  updatedAt: '2026-11-30T01:00:00Z',
  updatedBy: 'b@example.vn',
};

describe('editor form', () => {
  it('turns an item into fields and back into the same draft', () => {
    const form = formFromItem(item);
    expect(form.effectiveFrom).toBe('01/07/2025');
    expect(form.tags).toBe('bhyt, mức đóng');
    const { draft, problems } = draftFromForm(form);
    expect(problems).toEqual([]);
    expect(draft).toEqual({
      id: item.id,
      questions: item.questions,
      answer: item.answer,
      tags: item.tags,
      citations: item.citations,
      effectiveFrom: '2025-07-01',
      status: 'draft',
    });
  });

  it('NFC-normalises and trims, drops empty rows and repeated variants, converts dates', () => {
    const form: FaqForm = {
      ...formFromItem(item),
      questions: [
        { key: 1, text: '  Mức đóng BHYT? '.normalize('NFD') },
        { key: 2, text: '   ' },
        { key: 3, text: 'Mức đóng BHYT?' },
      ],
      answer: ' Đóng 4,5%. '.normalize('NFD'),
      tags: 'bhyt; hộ gia đình,, bhyt',
      citations: [
        { key: 4, document: 'Luật BHYT', section: '', date: ' ', source: '' },
        { key: 5, document: '', section: '', date: '', source: '' },
        { key: 6, document: 'Luật BHXH', section: 'Điều 36', date: '1/7/2025', source: '' },
        { key: 7, document: 'Nghị quyết', section: '', date: 'Quý 3/2025', source: '' },
      ],
      effectiveFrom: '1/1/2026',
      effectiveTo: '31/12/2026',
    };
    const { draft, problems } = draftFromForm(form, 'published');
    expect(problems).toEqual([]);
    expect(draft.questions).toEqual(['Mức đóng BHYT?']);
    expect(draft.questions[0]).toBe('Mức đóng BHYT?'.normalize('NFC'));
    expect(draft.answer).toBe('Đóng 4,5%.'.normalize('NFC'));
    expect(draft.tags).toEqual(['bhyt', 'hộ gia đình']);
    expect(draft.citations).toEqual([
      { document: 'Luật BHYT' },
      { document: 'Luật BHXH', section: 'Điều 36', date: '2025-07-01' },
      { document: 'Nghị quyết', date: 'Quý 3/2025' },
    ]);
    expect(draft.effectiveFrom).toBe('2026-01-01');
    expect(draft.effectiveTo).toBe('2026-12-31');
    expect(draft.status).toBe('published');
  });

  it('names the fields it cannot convert', () => {
    const form: FaqForm = {
      ...formFromItem(),
      id: 'Mức Đóng',
      effectiveFrom: '31/02/2026',
      effectiveTo: 'mai',
    };
    const fields = draftFromForm(form).problems.map((problem) => problem.field);
    expect(fields).toEqual(['id', 'questions', 'effectiveFrom', 'effectiveTo']);
    const reversed = draftFromForm({
      ...formFromItem(item),
      effectiveFrom: '02/01/2026',
      effectiveTo: '01/01/2026',
    });
    expect(reversed.problems.map((problem) => problem.field)).toEqual(['effectiveTo']);
  });

  it('revives a stored form with fresh row keys, and refuses what is not one', () => {
    const form = formFromItem(item);
    const revived = reviveForm(JSON.parse(JSON.stringify(form)));
    expect(revived && sameForm(revived, form)).toBe(true);
    const keys = [...(revived?.questions ?? []), ...(revived?.citations ?? [])].map((row) => row.key);
    const old = new Set([...form.questions, ...form.citations].map((row) => row.key));
    expect(keys.some((key) => old.has(key))).toBe(false);
    expect(reviveForm(null)).toBeUndefined();
    expect(reviveForm({ ...form, questions: 'x' })).toBeUndefined();
    expect(reviveForm({ ...form, answer: 3 })).toBeUndefined();
  });

  it('tells unsaved changes apart from row keys and the change note', () => {
    const form = formFromItem(item);
    expect(sameForm(form, formFromItem(item))).toBe(true);
    expect(sameForm(form, { ...form, changeNote: 'sửa chính tả' })).toBe(true);
    expect(sameForm(form, { ...form, answer: `${form.answer}!` })).toBe(false);
  });
});

describe('routes', () => {
  it('round-trips every route through the hash', () => {
    const routes: Route[] = [
      { name: 'faq-list', filters: {} },
      {
        name: 'faq-list',
        filters: {
          q: 'mức đóng',
          status: 'draft',
          tag: 'bhyt',
          inEffectOn: '2026-01-01',
          expiring: true,
          noCitation: true,
        },
      },
      { name: 'faq-new' },
      { name: 'faq-edit', id: 'bhyt-hgd-muc-dong' },
      { name: 'faq-history', id: 'bhyt-hgd-muc-dong' },
      { name: 'import' },
      { name: 'test' },
      { name: 'chat' },
      { name: 'password' },
    ];
    for (const route of routes) expect(parseHash(hashFor(route))).toEqual(route);
  });

  it('lands on the FAQ list, ignores filters it does not know', () => {
    expect(parseHash('')).toEqual({ name: 'faq-list', filters: {} });
    expect(parseHash('#/faq?status=deleted&inEffectOn=01/01/2026&expiring=yes&x=1')).toEqual({
      name: 'faq-list',
      filters: {},
    });
    expect(parseHash('#/nowhere').name).toBe('not-found');
  });

  it("maps the list's filters to GET /api/faq parameters", () => {
    expect(faqApiQuery({})).toBe('');
    const query = new URLSearchParams(
      faqApiQuery({
        q: 'đóng',
        status: 'published',
        inEffectOn: '2026-01-01',
        expiring: true,
        noCitation: true,
      }).slice(1),
    );
    expect(Object.fromEntries(query)).toEqual({
      q: 'đóng',
      status: 'published',
      inEffectOn: '2026-01-01',
      expiringWithinDays: '30',
      noCitation: 'true',
    });
  });
});

describe('roles', () => {
  it('lets analysts read and try, editors and admins edit', () => {
    expect(can(['analyst'], 'faq.read')).toBe(true);
    expect(can(['analyst'], 'faq.edit')).toBe(false);
    expect(can(['analyst'], 'faq.import')).toBe(false);
    expect(can(['editor'], 'faq.edit')).toBe(true);
    expect(can(['admin'], 'faq.import')).toBe(true);
    expect(can([], 'chat')).toBe(false);
  });
});
