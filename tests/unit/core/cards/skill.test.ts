import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryCardStore } from '../../../../functions/adapters/memory/card-store.js';
import { MemoryRateCounter } from '../../../../functions/adapters/memory/rate-counter.js';
import { CARD_SKILL_NAME, CardLookupSkill } from '../../../../functions/core/cards/skill.js';
import { type DialogueDeps, handleMessage } from '../../../../functions/core/dialogue/handle.js';
import { createTurnContext, type TurnContext } from '../../../../functions/core/dialogue/skill.js';
import type { InboundMessage, Reply } from '../../../../functions/core/messages.js';
import type { RateCounter, Session, SessionSealer } from '../../../../functions/core/ports.js';
import { createHasher } from '../../../../functions/shared/hash.js';
import { createSessionSealer } from '../../../../functions/shared/seal.js';
import { sampleCard } from '../../../support/cards.js';

const TODAY = '2026-11-23';

/** Records the keys the skill counts under, to check no code is kept in clear. */
class KeyRecordingCounter implements RateCounter {
  readonly keys = new Set<string>();
  constructor(private readonly inner: RateCounter) {}
  peek(key: string) {
    this.keys.add(key);
    return this.inner.peek(key);
  }
  take(key: string, limit: number, windowSeconds: number) {
    this.keys.add(key);
    return this.inner.take(key, limit, windowSeconds);
  }
  giveBack(key: string) {
    this.keys.add(key);
    return this.inner.giveBack(key);
  }
}

let now: Date;
let counter: KeyRecordingCounter;
let deps: DialogueDeps;
let skill: CardLookupSkill;
let sealer: SessionSealer;
const sessions = new Map<string, Session>();
const key = (chat: string) => `cli:${createHasher('chat-key')(chat)}`;
let messageSeq = 0;

beforeEach(() => {
  now = new Date(`${TODAY}T03:00:00Z`);
  const clock = { now: () => now };
  counter = new KeyRecordingCounter(new MemoryRateCounter(clock));
  const cards = new MemoryCardStore([
    sampleCard('9900000001'),
    sampleCard('9900000002', { validTo: '2026-12-13', paidThrough: '2026-11' }),
    sampleCard('9900000003', { validFrom: '2025-10-24', validTo: '2026-10-23', paidThrough: '2026-09' }),
    sampleCard('9900000004', { benefitLevel: 1, cardNumber: 'TE1999900000004' }),
    sampleCard('9900000005', { benefitLevel: 2, cardNumber: 'CK2999900000005' }),
    sampleCard('9900000006', { benefitLevel: 3, cardNumber: 'HT3999900000006' }),
    sampleCard('9900000007', { benefitLevel: 5, cardNumber: 'QN5999900000007' }),
    sampleCard('9900000008', { validFrom: '2026-12-01', validTo: '2027-11-30' }),
    sampleCard('9900000009', { validTo: TODAY }),
  ]);
  const hash = createHasher('test-key');
  sealer = createSessionSealer(hash);
  skill = new CardLookupSkill({ cards, counter, hash, sealer });
  deps = { clock, skills: [skill] };
  sessions.clear();
});

async function say(chat: string, text: string): Promise<Reply> {
  const sessionKey = key(chat);
  const session = sessions.get(sessionKey) ?? { key: sessionKey, updatedAt: now.toISOString() };
  const message: InboundMessage = {
    channel: 'cli',
    messageId: String(++messageSeq),
    chatId: chat,
    sentAt: now.toISOString(),
    kind: 'text',
    text,
  };
  const result = await handleMessage(message, session, deps);
  sessions.set(sessionKey, result.session);
  if (!result.reply) throw new Error('no reply');
  return result.reply;
}

function ctx(text: string): TurnContext {
  return createTurnContext({
    message: { channel: 'cli', messageId: 'x', chatId: 'c', sentAt: now.toISOString(), kind: 'text', text },
    text,
    asOf: TODAY,
    now,
    session: { key: 'cli:c', updatedAt: now.toISOString() },
  });
}

describe('card lookup skill', () => {
  it('answers a one-message lookup with the status, level, facility and a masked card number', async () => {
    const reply = await say('a', 'Thẻ BHYT của tôi còn hạn không? 9900000001 12/03/1985');
    expect(reply).toMatchObject({ path: 'card', intent: 'card.valid', asOf: TODAY });
    expect(reply.text).toContain('***********0001');
    expect(reply.text).not.toContain('GD4999900000001');
    expect(reply.text).not.toContain('9900000001');
    expect(reply.text).toContain('còn hạn sử dụng, đến hết ngày 31/12/2026');
    expect(reply.text).toContain('theo mã quyền lợi trên thẻ: mức 4, 80%');
    expect(reply.text).toContain('Trạm Y tế Phường Mẫu (mã 99001)');
    expect(reply.text).toContain('Đã đóng BHYT đến hết tháng 12/2026');
    // Neither the holder's name nor the date of birth is repeated back.
    expect(reply.text).not.toContain('Nguyễn Văn Mẫu');
    expect(reply.text).not.toContain('12/03/1985');
    expect(reply.citations[0]?.document).toContain('QĐ 1351/QĐ-BHXH');
    expect(sessions.get(key('a'))?.pending).toBeUndefined();
  });

  it('asks for the code, then the date of birth, keeping only the code between steps', async () => {
    const first = await say('b', 'kiểm tra thẻ bhyt');
    expect(first).toMatchObject({ path: 'slot', intent: 'card.ask_code' });
    expect(sessions.get(key('b'))?.pending).toMatchObject({ skill: CARD_SKILL_NAME, awaiting: 'code' });

    const second = await say('b', 'mã số của tôi là 9900000001');
    expect(second).toMatchObject({ path: 'slot', intent: 'card.ask_dob' });
    // The code waits sealed (AES-256-GCM, bound to this session), never in clear.
    const pending = sessions.get(key('b'))?.pending;
    expect(pending).toMatchObject({ awaiting: 'dob', slots: { sealedCode: expect.stringMatching(/^v2\./) } });
    expect(JSON.stringify(pending)).not.toContain('9900000001');
    expect(sealer.open(String(pending?.slots.sealedCode), key('b'))).toBe('9900000001');
    expect(sealer.open(String(pending?.slots.sealedCode), key('other'))).toBeUndefined();

    const third = await say('b', '12/03/1985');
    expect(third).toMatchObject({ path: 'card', intent: 'card.valid' });
    expect(JSON.stringify(sessions.get(key('b')))).not.toMatch(/9900000001|1985/);
  });

  it('answers the same with or without diacritics, and takes a whole card number', async () => {
    const accented = await say('c1', 'kiểm tra thẻ BHYT');
    const plain = await say('c2', 'kiem tra the bhyt');
    expect(plain).toEqual(accented);
    const byCardNumber = await say(
      'c3',
      'the bhyt cua toi con han khong GD4999900000001 ngày 12 tháng 3 năm 1985',
    );
    expect(byCardNumber.intent).toBe('card.valid');
  });

  it('gives exactly the same reply for a wrong date of birth and an unknown code', async () => {
    const wrongDate = await say('d1', '9900000001 13/03/1985');
    const unknownCode = await say('d2', '9900009999 12/03/1985');
    expect(wrongDate).toEqual(unknownCode);
    expect(wrongDate).toMatchObject({ path: 'card', intent: 'card.no_match' });
  });

  it('locks a chat out after 5 failures, then lifts the chat lock after an hour', async () => {
    const replies: Reply[] = [];
    for (let i = 1; i <= 5; i++) replies.push(await say('e', `9900000001 0${i}/01/1990`));
    expect(replies.slice(0, 4).map((r) => r.path)).toEqual(['card', 'card', 'card', 'card']);
    expect(replies[4]).toMatchObject({ path: 'lockout', intent: 'card.lockout' });
    expect(replies[4]?.text).toContain('VssID');
    expect(replies[4]?.text).toContain('1900 9068');

    // Even the right answer, or starting over, gets the lockout while it lasts.
    expect((await say('e', '9900000002 12/03/1985')).path).toBe('lockout');
    expect((await say('e', 'kiểm tra thẻ bhyt')).path).toBe('lockout');

    now = new Date(now.getTime() + 3601_000);
    expect((await say('e', '9900000002 12/03/1985')).intent).toBe('card.expiring');
    // The code attacked stays locked for the day, for every chat, with the same text.
    const other = await say('f', '9900000001 12/03/1985');
    expect(other).toEqual(replies[4]);
    now = new Date(now.getTime() + 24 * 3600_000);
    expect((await say('f', '9900000001 12/03/1985')).intent).toBe('card.valid');
  });

  it('limits failures per code across chats, counting unknown codes the same way', async () => {
    const paths: string[] = [];
    for (let i = 1; i <= 5; i++) paths.push((await say(`g${i}`, `9900009999 0${i}/01/1990`)).path);
    expect(paths).toEqual(['card', 'card', 'card', 'card', 'lockout']);
    expect((await say('g6', '9900000001 12/03/1985')).intent).toBe('card.valid');
    // Counter keys carry hashes, never the code or the chat in clear.
    expect([...counter.keys].join(' ')).not.toMatch(/9900009999|9900000001|g1/);
  });

  it('warns about a card near expiry or expired and tells how to renew', async () => {
    const near = await say('h1', '9900000002 12/03/1985');
    expect(near.intent).toBe('card.expiring');
    expect(near.text).toContain('còn 20 ngày');
    expect(near.text).toContain('đóng tiếp BHYT hộ gia đình');
    expect(near.text).toContain('VssID');

    const lastDay = await say('h2', '9900000009 12/03/1985');
    expect(lastDay.intent).toBe('card.expiring');
    expect(lastDay.text).toContain('hôm nay');

    const expired = await say('h3', '9900000003 12/03/1985');
    expect(expired.intent).toBe('card.expired');
    expect(expired.text).toContain('đã hết hạn sử dụng (hạn cuối là ngày 23/10/2026)');
    expect(expired.text).toContain('Cổng Dịch vụ công quốc gia');

    const valid = await say('h4', '9900000001 12/03/1985');
    expect(valid.text).not.toContain('gia hạn');

    const future = await say('h5', '9900000008 12/03/1985');
    expect(future.intent).toBe('card.not_yet_valid');
    expect(future.text).toContain('từ ngày 01/12/2026');
  });

  it.each([
    ['9900000004', 'mức 1, 100%', false],
    ['9900000005', 'mức 2, 100%', false],
    ['9900000006', 'mức 3, 95%', true],
    ['9900000001', 'mức 4, 80%', true],
    ['9900000007', 'mức 5, 100% chi phí khám, chữa bệnh, kể cả chi phí ngoài danh mục', false],
  ])(
    'describes benefit level of %s as "%s" and flags the 2026 change where it applies',
    async (code, words, note) => {
      const reply = await say(`l${code}`, `${code} 12/03/1985`);
      expect(reply.text).toContain(`theo mã quyền lợi trên thẻ: ${words}`);
      expect(reply.text.includes('Lưu ý: từ 01/01/2026')).toBe(note);
    },
  );

  it('asks again for an impossible or two-digit-year date, and lets a new question through', async () => {
    await say('i', '9900000001');
    expect((await say('i', '31/02/1985')).intent).toBe('card.invalid_dob');
    expect((await say('i', '12/03/85')).intent).toBe('card.invalid_dob');
    expect(sessions.get(key('i'))?.pending?.awaiting).toBe('dob');
    expect((await say('i', '12031985')).intent).toBe('card.valid');

    await say('j', 'kiểm tra thẻ bhyt');
    expect((await say('j', '12345')).intent).toBe('card.invalid_code');
    const moved = await say('j', 'lương hưu tính thế nào');
    expect(moved.path).toBe('fallback');
    expect(moved.text).toContain('Tôi tạm dừng câu hỏi trước');
    expect(sessions.get(key('j'))?.pending).toBeUndefined();

    await say('m', '9900000001');
    const newQuestion = await say('m', 'từ 01/07/2025 mức đóng bảo hiểm thay đổi thế nào vậy bạn?');
    expect(newQuestion.path).toBe('fallback');
    expect(await counter.peek(`card-fail:chat:${key('m')}`)).toBe(0);
    await say('m', '9900000001');
    expect((await say('m', 'ngày sinh của tôi là 12 tháng 3 năm 1985 nhé bạn ơi')).intent).toBe('card.valid');

    await say('k', 'kiểm tra thẻ bhyt');
    expect((await say('k', 'thôi')).intent).toBe('card.cancelled');
    expect(sessions.get(key('k'))?.pending).toBeUndefined();
  });

  it('claims card-status questions but leaves renewal how-tos and contributions to others', () => {
    expect(skill.detect(ctx('kiểm tra thẻ bhyt'))).toBeGreaterThan(0.5);
    expect(skill.detect(ctx('the bhyt cua toi con han khong'))).toBeGreaterThan(0.5);
    expect(skill.detect(ctx('hạn thẻ bảo hiểm y tế của mẹ tôi'))).toBeGreaterThan(0.5);
    expect(skill.detect(ctx('0123456789 12/03/1985'))).toBeGreaterThan(0.5);
    expect(skill.detect(ctx('BHYT hộ gia đình 4 người đóng bao nhiêu?'))).toBeLessThan(0.5);
    expect(skill.detect(ctx('thẻ BHYT hết hạn thì gia hạn thế nào?'))).toBeLessThan(0.5);
    expect(skill.detect(ctx('tra cứu thế nào'))).toBeLessThan(0.5);
    expect(skill.detect(ctx('tra cứu hạn thẻ bhyt ở đâu'))).toBeLessThan(0.5);
    expect(skill.detect(ctx('cach kiem tra the bhyt con han khong'))).toBeLessThan(0.5);
    expect(skill.detect(ctx('kiểm tra thẻ bhyt của tôi như thế nào'))).toBeGreaterThan(0.5);
    expect(skill.detect(ctx('tra cuu the bhyt 0123456789 o dau'))).toBeGreaterThan(0.5);
    expect(skill.detect(ctx('có thể đóng BHXH tự nguyện online không'))).toBeLessThan(0.5);
  });
});
