/**
 * The real `npm run ask` CLI (tsx, embedded dynalite under a fresh DATA_DIR, the composition
 * root and the session store) answers the calculator examples single-turn and through slot
 * filling in `--batch` conversations.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASK_CLI_TIMEOUT as CLI_TIMEOUT, runAsk } from '../../support/ask-cli.js';

let workDir: string;

/** Runs sequentially: the embedded database under DATA_DIR is single-process. */
function ask(args: readonly string[]) {
  return runAsk(args, { dataDir: join(workDir, 'data') });
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'policy-ask-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('npm run ask: calculator answers', () => {
  it(
    'single turn: income 2 triệu, general group, as of 2026-11-22 → 374.000 đồng',
    async () => {
      const [answer] = await ask(['--date', '2026-11-22', 'thu nhập 2 triệu đóng bhxh tự nguyện bao nhiêu']);
      expect(answer?.path).toBe('calculator');
      expect(answer?.asOf).toBe('2026-11-22');
      expect(answer?.text).toContain('440.000 − 66.000 = 374.000 đồng/tháng');
      expect(answer?.text).toContain('Áp dụng từ 01/07/2026 (tính đến 22/11/2026).');
      expect(answer?.citations.map((citation) => citation.document)).toContain('Nghị định 159/2025/NĐ-CP');
    },
    CLI_TIMEOUT,
  );

  it(
    'single turn as of 2025-03-01: income 1.500.000 → 297.000 đồng under the old law',
    async () => {
      const [answer] = await ask([
        '--date',
        '2025-03-01',
        'thu nhập 1.500.000đ đóng bhxh tự nguyện bao nhiêu',
      ]);
      expect(answer?.asOf).toBe('2025-03-01');
      expect(answer?.text).toContain('330.000 − 33.000 = 297.000 đồng/tháng');
      expect(answer?.text).toContain('tính đến 01/03/2025');
      expect(answer?.citations.map((citation) => citation.document)).toContain(
        'Luật Bảo hiểm xã hội 58/2014/QH13',
      );
    },
    CLI_TIMEOUT,
  );

  it(
    '--batch: single-turn lines, slot filling, and a slot abandoned for a new question',
    async () => {
      const batch = [
        { id: 'n1', question: 'ho can ngheo thu nhap 3tr dong bhxh tu nguyen bao nhieu' },
        { id: 'n2', question: 'bhyt hộ gia đình nhà 4 người đóng 1 năm bao nhiêu' },
        { id: 's1', chat: 'slot', question: 'tôi muốn tính tiền đóng bhxh tự nguyện' },
        { id: 's2', chat: 'slot', question: '2 triệu' },
        { id: 'g1', chat: 'group', question: 'tinh tien dong bhxh tu nguyen' },
        { id: 'g2', chat: 'group', question: 'hộ cận nghèo' },
        { id: 'g3', chat: 'group', question: '3tr' },
        { id: 'h1', chat: 'household', question: 'mức đóng bhyt hộ gia đình' },
        { id: 'h2', chat: 'household', question: '4 người' },
        { id: 'p1', chat: 'pension', question: 'tỷ lệ lương hưu của tôi bao nhiêu %' },
        { id: 'p2', chat: 'pension', question: 'nam, đóng 18 năm' },
        { id: 'a1', chat: 'abandon', question: 'tôi muốn tính tiền đóng bhxh tự nguyện' },
        { id: 'a2', chat: 'abandon', question: 'ai được tham gia bhxh tự nguyện' },
        { id: 'a3', chat: 'abandon', question: '3' },
      ];
      const file = join(workDir, 'conversations.jsonl');
      await writeFile(file, `${batch.map((line) => JSON.stringify(line)).join('\n')}\n`);
      const lines = await ask(['--date', '2026-11-22', '--batch', file]);
      const byId = new Map(lines.map((line) => [line.id, line]));
      expect(lines).toHaveLength(batch.length);

      expect(byId.get('n1')?.path).toBe('calculator');
      expect(byId.get('n1')?.text).toContain('660.000 − 132.000 = 528.000 đồng/tháng');
      expect(byId.get('n2')?.text).toContain('1.366.200 + 956.340 + 819.720 + 683.100 = 3.825.360 đồng');

      expect(byId.get('s1')?.path).toBe('slot');
      expect(byId.get('s1')?.text).toContain('mức thu nhập');
      expect(byId.get('s2')?.path).toBe('calculator');
      expect(byId.get('s2')?.text).toContain('440.000 − 66.000 = 374.000 đồng/tháng');

      expect([byId.get('g1')?.path, byId.get('g2')?.path, byId.get('g3')?.path]).toEqual([
        'slot',
        'slot',
        'calculator',
      ]);
      expect(byId.get('g3')?.text).toContain('660.000 − 132.000 = 528.000 đồng/tháng');

      // A general question gets the rule (the FAQ item, its figures from the schedules); the
      // count that follows is still computed.
      expect(byId.get('h1')).toMatchObject({ path: 'faq', intent: 'faq:bhyt-hgd-muc-dong' });
      expect(byId.get('h2')?.text).toContain('3.825.360 đồng');

      expect(byId.get('p1')?.path).toBe('slot');
      expect(byId.get('p2')?.text).toContain('tỷ lệ hưởng lương hưu là 43%');

      expect(byId.get('a1')?.path).toBe('slot');
      expect(byId.get('a2')?.path).not.toBe('calculator');
      expect(byId.get('a2')?.path).not.toBe('slot');
      expect(byId.get('a2')?.text).toContain('Tôi tạm dừng câu hỏi trước');
      // The slot was dropped: a bare number is no longer read as the income ("3 triệu" would
      // be, as a short question within the scheme just answered about).
      expect(byId.get('a3')?.path).not.toBe('calculator');
      expect(byId.get('a3')?.text).not.toContain('đồng/tháng');
    },
    CLI_TIMEOUT,
  );
});
