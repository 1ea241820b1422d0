/**
 * The card lookup through the real `ask` CLI: a fresh DATA_DIR, so the seed step loads the
 * demo cards (dates made relative to AS_OF_DATE), and real DynamoDB state for the sessions
 * and the abuse counters.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCardStore } from '../../../functions/adapters/dynamodb/card-store.js';
import { importDemoCards } from '../../../functions/app/cards-import.js';
import { type AskAnswer, answerOf, runAskBatch } from '../../support/ask-cli.js';
import { startTestDynamo } from '../../support/dynamo.js';

const AS_OF = '2026-11-23';

interface Line {
  readonly id: string;
  readonly chat: string;
  readonly question: string;
}

const CONVERSATION: Line[] = [
  { id: 'one', chat: 'one', question: 'thẻ bhyt của tôi còn hạn không? 9900000001 12/03/1985' },
  { id: 'two-1', chat: 'two', question: 'kiem tra the bhyt' },
  { id: 'two-2', chat: 'two', question: '9900000001' },
  { id: 'two-3', chat: 'two', question: '12/03/1985' },
  { id: 'wrong-dob', chat: 'wrong', question: '9900000001 13/03/1985' },
  { id: 'unknown-code', chat: 'unknown', question: '9900000098 12/03/1985' },
  ...[1, 2, 3, 4, 5].map((n) => ({
    id: `fail-${n}`,
    chat: 'attacker',
    question: `990000005${n} 12/03/1985`,
  })),
  { id: 'after-lock', chat: 'attacker', question: '9900000002 20/07/1990' },
  { id: 'near', chat: 'near', question: 'the bhyt cua toi con han khong 9900000002 20/07/1990' },
  { id: 'near-5', chat: 'near5', question: '9900000008 29/02/2000' },
  { id: 'expired', chat: 'expired', question: 'kiểm tra thẻ 9900000003 05/11/1978' },
  { id: 'not-yet', chat: 'future', question: '9900000009 15/06/2005' },
  { id: 'level-1', chat: 'l1', question: '9900000004 01/05/2022' },
  { id: 'level-5', chat: 'l5', question: '9900000007 01/12/1995' },
];

let dir: string;
let answers: Map<string, AskAnswer>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cards-ask-'));
  // A fresh DATA_DIR: the seed step loads the demo cards, dated relative to AS_OF_DATE.
  answers = await runAskBatch(CONVERSATION, dir, { dataDir: join(dir, 'data'), env: { AS_OF_DATE: AS_OF } });
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function answer(id: string): AskAnswer {
  return answerOf(answers, id);
}

describe('card lookup through `npm run ask -- --json --batch`', () => {
  it('answers a one-message lookup and a two-step lookup the same way', () => {
    expect(answer('one')).toMatchObject({ path: 'card', intent: 'card.valid' });
    expect(answer('one').text).toContain('***********0001');
    expect(answer('one').text).toContain('mức 4, 80%');
    expect(answer('two-1')).toMatchObject({ path: 'slot', intent: 'card.ask_code' });
    expect(answer('two-2')).toMatchObject({ path: 'slot', intent: 'card.ask_dob' });
    expect(answer('two-3')).toMatchObject({ path: 'card', intent: 'card.valid' });
    expect(answer('two-3').text).toBe(answer('one').text);
  });

  it('gives the same reply for a wrong date of birth and an unknown code', () => {
    expect(answer('wrong-dob')).toMatchObject({ path: 'card', intent: 'card.no_match' });
    const { text, intent, path, citations } = answer('wrong-dob');
    expect(answer('unknown-code')).toMatchObject({ text, intent, path, citations });
  });

  it('locks the chat out at the fifth failure, even for a right answer afterwards', () => {
    expect([1, 2, 3, 4, 5].map((n) => answer(`fail-${n}`).path)).toEqual([
      'card',
      'card',
      'card',
      'card',
      'lockout',
    ]);
    expect(answer('after-lock')).toMatchObject({ path: 'lockout', intent: 'card.lockout' });
    expect(answer('after-lock').text).toContain('VssID');
    expect(answer('after-lock').text).toContain('1900 9068');
  });

  it('warns about near-expiry and expired demo cards, relative to the day', () => {
    expect(answer('near')).toMatchObject({ path: 'card', intent: 'card.expiring' });
    expect(answer('near').text).toContain('còn 20 ngày');
    expect(answer('near').text).toContain('đóng tiếp BHYT hộ gia đình');
    expect(answer('near-5').text).toContain('còn 5 ngày');
    expect(answer('expired')).toMatchObject({ path: 'card', intent: 'card.expired' });
    expect(answer('expired').text).toContain('đóng tiếp BHYT hộ gia đình');
    expect(answer('not-yet').intent).toBe('card.not_yet_valid');
    expect(answer('level-1').text).toContain('mức 1, 100%');
    expect(answer('level-5').text).toContain('mức 5, 100%');
  });
});

describe('demo card seed', () => {
  it('writes the demo cards once a day and re-dates them on a later day', async () => {
    const dynamo = await startTestDynamo();
    try {
      const store = new DynamoCardStore(dynamo.clients.doc, dynamo.tables.cards);
      const clock = { now: () => new Date(`${AS_OF}T01:00:00Z`) };
      expect(await importDemoCards({ store, clock, today: AS_OF })).toMatchObject({
        written: 9,
        rejected: 0,
      });
      expect(await importDemoCards({ store, clock, today: AS_OF })).toMatchObject({
        written: 0,
        unchanged: 9,
      });
      const later = await importDemoCards({ store, clock, today: '2026-11-30' });
      expect(later).toMatchObject({ written: 9, unchanged: 0 });
      expect((await store.get('9900000002'))?.validTo).toBe('2026-12-20');
    } finally {
      await dynamo.close();
    }
  });
});
