/**
 * The knowledge engine through the real `ask` CLI: a fresh DATA_DIR seeds the sample FAQ
 * into the content table and builds the index under DATA_DIR/index, then one batch run
 * shows the three answer paths.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AskAnswer, answerOf, runAskBatch } from '../../support/ask-cli.js';

const QUESTIONS = [
  { id: 'faq-accented', question: 'Đóng BHXH tự nguyện ở đâu?' },
  { id: 'faq-plain', question: 'dong bhxh tn o dau' },
  { id: 'maternity', question: 'bhxh tu nguyen co che do thai san khong' },
  { id: 'old-rule', question: 'đóng bhxh tự nguyện mấy năm thì được lương hưu' },
  { id: 'document', question: 'nhieu tinh co ho tro them khong' },
  { id: 'unknown', question: 'đóng bhxh tự nguyện có được vay vốn ngân hàng không' },
  { id: 'other-topic', question: 'giá vé máy bay đi Đà Nẵng tháng sau' },
  { id: 'ambiguous', question: 'bhxh tu nguyen mot lan' },
  { id: 'shorthand', question: 'rut bhxh 1 lan dc ko' },
];

let dir: string;
const answers = new Map<string, AskAnswer>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'knowledge-ask-'));
  const dataDir = join(dir, 'data');
  for (const [id, answer] of await runAskBatch(QUESTIONS, dir, { dataDir, date: '2026-11-23' })) {
    answers.set(id, answer);
  }
  const old = [{ id: 'old-rule-2024', question: 'đóng bhxh tự nguyện mấy năm thì được lương hưu' }];
  for (const [id, answer] of await runAskBatch(old, dir, {
    dataDir,
    date: '2024-03-01',
    name: 'old.jsonl',
  })) {
    answers.set(id, answer);
  }
}, 360_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function answer(id: string): AskAnswer {
  return answerOf(answers, id);
}

describe('npm run ask over the sample knowledge base', () => {
  it('publishes the sample documents as the first index version under DATA_DIR/documents on first run', async () => {
    const artifacts = await readdir(join(dir, 'data', 'documents', 'index'));
    expect(artifacts.filter((name) => /^[0-9a-f]{64}\.json\.gz$/.test(name))).toHaveLength(1);
  });

  it('asks which item is meant when two fit, and reads chat shorthand such as "1 lần"', () => {
    expect(answer('ambiguous')).toMatchObject({ path: 'clarify', intent: 'faq:clarify' });
    expect(answer('ambiguous').buttons?.map((button) => button.data)).toEqual([
      'faq:bhxh-mot-lan',
      'faq:bhxh-tn-phuong-thuc-dong',
    ]);
    expect(answer('shorthand')).toMatchObject({ path: 'faq', intent: 'faq:bhxh-mot-lan' });
  });

  it('answers a FAQ directly, with its legal citation, with or without diacritics', () => {
    expect(answer('faq-accented')).toMatchObject({ path: 'faq', intent: 'faq:bhxh-tn-noi-dong' });
    expect(answer('faq-accented').text).toContain('đại lý thu');
    expect(answer('faq-accented').citations[0]?.document).toContain('41/2024/QH15');
    expect(answer('faq-plain').text).toBe(answer('faq-accented').text);
    expect(answer('maternity')).toMatchObject({ path: 'faq', intent: 'faq:bhxh-tn-thai-san' });
    expect(answer('maternity').text).toContain('2.000.000 đồng');
  });

  it('serves the rule in effect on the date asked about', () => {
    expect(answer('old-rule')).toMatchObject({ path: 'faq', intent: 'faq:bhxh-tn-luong-huu-dieu-kien' });
    expect(answer('old-rule').text).toContain('15 năm');
    expect(answer('old-rule-2024')).toMatchObject({
      path: 'faq',
      intent: 'faq:bhxh-tn-luong-huu-truoc-2025',
    });
    expect(answer('old-rule-2024').text).toContain('20 năm');
  });

  it('answers from a passage with document, section and date when no FAQ fits', () => {
    const reply = answer('document');
    expect(reply.path).toBe('document');
    expect(reply.text).toContain('Nhiều tỉnh, thành phố hỗ trợ thêm từ ngân sách địa phương.');
    expect(reply.citations[0]).toMatchObject({
      document: 'BHXH tự nguyện: những điều cần biết',
      section: expect.stringContaining('Nhà nước hỗ trợ tiền đóng'),
      date: '2026-11-22',
    });
  });

  it('says it does not know and points to the hotline when nothing fits', () => {
    expect(answer('unknown')).toMatchObject({ path: 'fallback', citations: [] });
    expect(answer('unknown').text).toContain('1900 9068');
  });

  it('says what it covers when the question is about something else', () => {
    expect(answer('other-topic')).toMatchObject({ intent: 'out_of_scope.other', citations: [] });
    expect(answer('other-topic').text).toContain('BHXH tự nguyện, BHYT hộ gia đình');
  });
});
