import { afterEach, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../functions/adapters/telegram/format.js';
import {
  type LocalTelegram,
  startLocalTelegram,
} from '../../../functions/composition/local/telegram-polling.js';
import { updates } from '../../support/fake-telegram.js';
import { FAQ_ANSWER, type Harness, SECRET, startHarness } from './harness.js';

let harness: Harness | undefined;
let telegram: LocalTelegram | undefined;
afterEach(async () => {
  await telegram?.close();
  await harness?.close();
  telegram = undefined;
  harness = undefined;
});

describe('npm start with TELEGRAM_MODE=polling', () => {
  it('long-polls getUpdates and answers through the same pipeline, once per update', async () => {
    harness = await startHarness();
    const lines: string[] = [];
    const config = { ...harness.config, telegram: { ...harness.config.telegram, mode: 'polling' as const } };
    telegram = startLocalTelegram(config, harness.pipeline, (line) => lines.push(line));
    expect(telegram.routes).toEqual({});
    harness.fake.pushUpdate(updates.text(1, 42, 'hỏi mức đóng'));
    harness.fake.pushUpdate(updates.edited(2, 42, 'hỏi sửa'));
    harness.fake.pushUpdate(updates.text(3, 42, '/help'));
    const fake = harness.fake;
    await fake.waitFor(() => fake.deliveredTo(42).length >= 2);
    await harness.settle();
    expect(fake.deliveredTo(42)[0]?.text).toBe(escapeHtml(FAQ_ANSWER));
    expect(fake.deliveredTo(42)).toHaveLength(2);
    // The offset moves past every update, handled or ignored, and asks only for what we handle.
    await fake.waitFor(() => fake.callsOf('getUpdates').some((call) => call.payload.offset === 4));
    expect(fake.callsOf('getUpdates')[0]?.payload).toMatchObject({
      allowed_updates: ['message', 'callback_query'],
    });
    expect(lines.join('\n')).toMatch(/long-polling/);
  });

  it('serves the webhook route instead when not polling, and says when a webhook blocks polling', async () => {
    harness = await startHarness();
    const lines: string[] = [];
    telegram = startLocalTelegram(harness.config, harness.pipeline, (line) => lines.push(line));
    expect(Object.keys(telegram.routes)).toEqual(['POST /telegram/webhook']);
    expect(lines.join('\n')).not.toContain(SECRET);
    await telegram.close();

    harness.fake.failNext('getUpdates', {
      kind: 'api-error',
      code: 409,
      description: "Conflict: can't use getUpdates method while webhook is active",
    });
    const config = { ...harness.config, telegram: { ...harness.config.telegram, mode: 'polling' as const } };
    telegram = startLocalTelegram(config, harness.pipeline, (line) => lines.push(line));
    await harness.fake.waitFor(() => lines.some((line) => line.includes('409')));
    expect(harness.fake.callsOf('getUpdates')).toHaveLength(1);
  });

  it('generates and prints a webhook secret when none is configured', async () => {
    harness = await startHarness();
    const lines: string[] = [];
    const config = { ...harness.config, telegram: { ...harness.config.telegram, webhookSecret: undefined } };
    telegram = startLocalTelegram(config, harness.pipeline, (line) => lines.push(line));
    const printed = /generated for this run: ([A-Za-z0-9_-]+)/.exec(lines.join('\n'))?.[1];
    expect(printed).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
