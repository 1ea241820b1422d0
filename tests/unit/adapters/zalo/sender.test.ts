import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryZaloTokenStore } from '../../../../functions/adapters/memory/zalo-token-store.js';
import { ZaloOaClient } from '../../../../functions/adapters/zalo/client.js';
import { ZaloSender } from '../../../../functions/adapters/zalo/sender.js';
import { ZaloTokenManager } from '../../../../functions/adapters/zalo/token-manager.js';
import { ChannelError } from '../../../../functions/app/ports.js';
import type { Reply } from '../../../../functions/core/messages.js';
import { FakeZalo } from '../../../support/fake-zalo.js';

let fake: FakeZalo;
let sender: ZaloSender;
let store: MemoryZaloTokenStore;
const clock = { now: () => new Date('2026-11-23T00:00:00Z') };

const answer: Reply = {
  text: 'Mức đóng thấp nhất là 374.000 đồng/tháng.',
  intent: 'calc',
  path: 'calculator',
  citations: [],
};

beforeEach(async () => {
  fake = await FakeZalo.start();
  const client = new ZaloOaClient({
    apiBase: fake.url,
    oauthBase: fake.url,
    appId: fake.appId,
    appSecret: fake.appSecret,
  });
  store = new MemoryZaloTokenStore();
  const tokens = new ZaloTokenManager({
    store,
    oauth: client,
    clock,
    seed: { accessToken: 'access-0', refreshToken: 'refresh-0' },
    sleep: async () => undefined,
  });
  sender = new ZaloSender({ client, tokens });
});
afterEach(() => fake.close());

describe('ZaloSender', () => {
  it('sends the reply once to the user', async () => {
    const outcome = await sender.send({ chatId: 'u1', reply: answer, turnId: 'T1' });
    expect(outcome).toEqual({ status: 'sent', parts: 1 });
    expect(fake.sent.map(({ userId, text }) => ({ userId, text }))).toEqual([
      { userId: 'u1', text: answer.text },
    ]);
  });

  it('refreshes an expired access token mid-send, then sends once', async () => {
    fake.expireAccessTokens();
    await sender.send({ chatId: 'u1', reply: answer, turnId: 'T1' });
    expect(fake.refreshCalls).toEqual([{ refreshToken: 'refresh-0', ok: true }]);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]?.accessToken).toBe('access-1');
    expect(await store.get()).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' });
  });

  it('splits a long answer and reports each part for progress; a retry resumes after them', async () => {
    const long: Reply = {
      ...answer,
      text: Array.from({ length: 80 }, (_, i) => `Đoạn ${i} của câu trả lời dài.`).join(' '),
    };
    const progress: number[] = [];
    const onPartSent = async (sent: number) => {
      progress.push(sent);
      if (sent === 1) fake.rateLimitNext = 1; // the second part hits the rate limit
    };
    const first = await sender
      .send({ chatId: 'u1', reply: long, turnId: 'T1', onPartSent })
      .catch((e: unknown) => e);
    expect(first).toMatchObject({ name: 'ChannelError', kind: 'retryable' });
    expect(progress).toEqual([1]);
    const retry = await sender.send({
      chatId: 'u1',
      reply: long,
      turnId: 'T1',
      partsAlreadySent: 1,
      onPartSent,
    });
    expect(retry).toEqual({ status: 'sent', parts: 2 });
    expect(progress).toEqual([1, 2]);
    expect(fake.sent).toHaveLength(2);
    for (const part of fake.sent) expect([...part.text].length).toBeLessThanOrEqual(2000);
    expect(fake.sent.map((part) => part.text).join(' ')).toBe(long.text);
  });

  it('backs off on rate limiting with a retryable error', async () => {
    fake.rateLimitNext = 1;
    const error = await sender
      .send({ chatId: 'u1', reply: answer, turnId: 'T1' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).kind).toBe('retryable');
    expect((error as ChannelError).retryAfterSeconds).toBeGreaterThanOrEqual(30);
    expect(fake.sent).toHaveLength(0);
  });

  it('records a closed interaction window as undeliverable, without retrying', async () => {
    fake.refusedUsers.set('u1', -230);
    const outcome = await sender.send({ chatId: 'u1', reply: answer, turnId: 'T1' });
    expect(outcome).toEqual({ status: 'undeliverable', reason: 'zalo:-230' });
    expect(fake.csCalls).toHaveLength(1);
  });

  it('sends 👍/👎 buttons, and falls back to plain text when Zalo refuses the template', async () => {
    await sender.send({ chatId: 'u1', reply: { ...answer, askFeedback: true }, turnId: 'T1' });
    expect(fake.sent[0]?.buttons.map((button) => button.payload)).toEqual(['fb:up:T1', 'fb:down:T1']);
    fake.rejectTemplateWith = -201;
    await sender.send({ chatId: 'u1', reply: { ...answer, askFeedback: true }, turnId: 'T2' });
    expect(fake.sent).toHaveLength(2);
    expect(fake.sent[1]?.buttons).toEqual([]);
    expect(fake.sent[1]?.text).toBe(answer.text);
    // Learned for this container: the next reply goes out as plain text in one call.
    const callsBefore = fake.csCalls.length;
    await sender.send({ chatId: 'u1', reply: { ...answer, askFeedback: true }, turnId: 'T3' });
    expect(fake.csCalls.slice(callsBefore)).toEqual([{ userId: 'u1', error: 0 }]);
  });

  it('does not blame the buttons for a refusal plain text gets too', async () => {
    fake.refusedUsers.set('u1', -201);
    const error = await sender
      .send({ chatId: 'u1', reply: { ...answer, askFeedback: true }, turnId: 'T1' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ChannelError', kind: 'refused' });
    fake.refusedUsers.delete('u1');
    await sender.send({ chatId: 'u1', reply: { ...answer, askFeedback: true }, turnId: 'T2' });
    expect(fake.sent[0]?.buttons).toHaveLength(2);
  });

  it('dead-letters what the API refuses for good', async () => {
    fake.refusedUsers.set('u1', -204); // OA disabled: retrying cannot help
    const error = await sender
      .send({ chatId: 'u1', reply: answer, turnId: 'T1' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ChannelError', kind: 'refused' });
  });
});
