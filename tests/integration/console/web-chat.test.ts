/**
 * The console's web chat ("Thử hỏi") through the real local pipeline on dynalite: ingress
 * (dedupe, local queue) → worker → web sender → reply store, with the session, the redacted
 * conversation log and 👍/👎 like any channel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatPk } from '../../../functions/adapters/dynamodb/conversation-log.js';
import { feedbackInput, webChatId } from '../../../functions/app/web-chat.js';
import { buildLocalRuntime, type LocalRuntime } from '../../../functions/composition/local/runtime.js';
import { type LocalData, openLocalData } from '../../../functions/composition/local/stack.js';
import { createHasher } from '../../../functions/shared/hash.js';

const dataDir = mkdtempSync(join(tmpdir(), 'web-chat-'));
let data: LocalData;
let runtime: LocalRuntime;

beforeAll(async () => {
  data = await openLocalData({
    inMemory: true,
    env: {
      LOG_LEVEL: 'error',
      DATA_DIR: dataDir,
      AS_OF_DATE: '2026-11-23',
      TELEGRAM_BOT_TOKEN: '',
      ZALO_APP_ID: '',
    },
    log: () => undefined,
  });
  runtime = await buildLocalRuntime(data, {}, () => undefined);
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  await data?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function turnsOf(actor: string, conversationId: string) {
  const hash = createHasher(data.config.hashKey);
  const chatHash = hash(webChatId(actor, conversationId, hash));
  const result = await data.clients.doc.send(
    new QueryCommand({
      TableName: data.config.tables.conversations,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': chatPk(chatHash) },
    }),
  );
  return result.Items ?? [];
}

describe('web chat through the pipeline', () => {
  it('answers a question with its figures, citation and feedback buttons, and logs the turn', async () => {
    const result = await runtime.webChat.send('editor@example.vn', {
      conversationId: 'c1',
      text: 'thu nhập 3 triệu đóng bhxh tự nguyện bao nhiêu 1 tháng',
    });
    expect(result.status).toBe('answered');
    if (result.status !== 'answered') return;
    const [reply] = result.answer.replies;
    expect(reply?.path).toBe('calculator');
    expect(reply?.text).toMatch(/đồng/);
    expect(reply?.citations.length).toBeGreaterThan(0);
    expect(reply?.askFeedback).toBe(true);
    expect(reply?.turnId).toMatch(/\S/);
    const turns = await turnsOf('editor@example.vn', 'c1');
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({ channel: 'web', path: 'calculator' });
  });

  it('keeps the conversation: a follow-up re-runs the last calculation', async () => {
    const result = await runtime.webChat.send('editor@example.vn', {
      conversationId: 'c1',
      text: 'còn 5 triệu thì sao?',
    });
    expect(result.status === 'answered' && result.answer.replies[0]?.text).toMatch(/5\.000\.000|5 triệu/);
  });

  it('records 👎 through the same pipeline and thanks the user', async () => {
    const first = await runtime.webChat.send('analyst@example.vn', {
      conversationId: 'c2',
      text: 'bhyt hộ gia đình 4 người đóng bao nhiêu',
    });
    if (first.status !== 'answered') throw new Error('no answer');
    const turnId = first.answer.replies[0]?.turnId ?? '';
    const pressed = await runtime.webChat.send('analyst@example.vn', feedbackInput('c2', 'down', turnId));
    expect(pressed.status === 'answered' && pressed.answer.acknowledgement).toMatch(/Cảm ơn/);
    const [turn] = await turnsOf('analyst@example.vn', 'c2');
    expect(turn?.feedback).toBe('down');
  });

  it('logs identifiers redacted, never in clear', async () => {
    await runtime.webChat.send('editor@example.vn', {
      conversationId: 'c3',
      text: 'tra cứu thẻ mã số 0123456789',
    });
    const turns = await turnsOf('editor@example.vn', 'c3');
    expect(turns).toHaveLength(1);
    expect(JSON.stringify(turns)).not.toContain('0123456789');
  });

  it('keeps two staff members apart even with the same conversation id', async () => {
    const hash = createHasher(data.config.hashKey);
    expect(webChatId('a@example.vn', 'c1', hash)).not.toBe(webChatId('b@example.vn', 'c1', hash));
    const other = await turnsOf('someone-else@example.vn', 'c1');
    expect(other).toHaveLength(0);
  });
});
