/**
 * `npm run dlq -- list|replay` (functions/composition/cli/dlq.ts): lists dead letters without
 * message text or chat ids, replays all or some, answers 2 to bad usage; `--remote` speaks
 * to SQS (a fake on loopback speaking AWS JSON 1.0, reached through the real SDK client).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileQueueStore, listDeadLetters } from '../../../functions/adapters/queue/file-queue-store.js';
import { LocalQueue } from '../../../functions/adapters/queue/local-queue.js';
import { runDlq } from '../../../functions/composition/cli/dlq.js';
import { queuedText } from '../../support/queue.js';

const dataDir = mkdtempSync(join(tmpdir(), 'bhxh-dlq-'));
const CHAT_ID = '987654321';
const TEXT = 'mã số BHXH 0123456789 của tôi';

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function dlq(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDlq(argv, {
    env: { DATA_DIR: dataDir, ...env },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err };
}

beforeAll(async () => {
  const queue = new LocalQueue({
    store: new FileQueueStore({ dataDir }),
    consumer: async () => ({
      status: 'dead-letter',
      reason: 'telegram sendMessage failed: 403 Forbidden: bot was blocked by the user',
    }),
  });
  for (const id of ['1', '2']) {
    const item = queuedText(`update-${id}`, CHAT_ID);
    await queue.enqueue({
      groupId: 'telegram-5f2a9c0d1e',
      deduplicationId: `telegram-${id}`,
      item: { ...item, message: { ...item.message, kind: 'text', text: TEXT } },
    });
  }
  await queue.idle();
  await queue.close();
});

describe('npm run dlq', () => {
  it('lists each dead letter on one line: id, channel, hashed group, reason, receives, when — no text, no chat id', async () => {
    const { code, out } = await dlq(['list']);
    expect(code).toBe(0);
    expect(out).toHaveLength(2);
    const [id, channel, group, reason, receives, when] = out[0]?.split('\t') ?? [];
    expect(id).toMatch(/^\d{16}$/);
    expect([channel, group, receives]).toEqual(['telegram', 'telegram-5f2a9c0d1e', 'receives=1']);
    expect(reason).toContain('bot was blocked by the user');
    expect(Number.isNaN(Date.parse(when ?? ''))).toBe(false);
    const printed = out.join('\n');
    expect(printed).not.toContain(CHAT_ID);
    expect(printed).not.toContain('0123456789');
    expect(printed).not.toContain('mã số');
  });

  it('answers 2 to bad usage', async () => {
    expect((await dlq([])).code).toBe(2);
    expect((await dlq(['purge'])).code).toBe(2);
    expect((await dlq(['list', 'extra'])).code).toBe(2);
    expect((await dlq(['list', '--force'])).code).toBe(2);
    expect((await dlq(['replay', '123', '--remote'])).code).toBe(2);
  });

  it('replays one by id (1 for an unknown id), then the rest', async () => {
    const [first] = await listDeadLetters(dataDir);
    const one = await dlq(['replay', first?.id ?? '', '42']);
    expect(one.code).toBe(1);
    expect(one.out).toEqual([`replayed ${first?.id}`]);
    expect(one.err.join('\n')).toContain('no dead letter 42');
    expect((await dlq(['list'])).out).toHaveLength(1);
    const rest = await dlq(['replay']);
    expect(rest.code).toBe(0);
    expect((await dlq(['list'])).out).toEqual([]);
  });

  it('--remote: list reads the DLQ depth, replay starts a message move task from its ARN', async () => {
    const sqs = await startFakeSqs();
    try {
      const env = {
        AWS_ENDPOINT_URL_SQS: sqs.endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        DEAD_LETTER_QUEUE_ARN: 'arn:aws:sqs:ap-southeast-1:123456789012:bhxh-messages-dlq.fifo',
        DEAD_LETTER_QUEUE_URL: `${sqs.endpoint}/123456789012/bhxh-messages-dlq.fifo`,
        QUEUE_ARN: 'arn:aws:sqs:ap-southeast-1:123456789012:bhxh-messages.fifo',
      };
      // The SDK reads endpoint and credentials from the process environment.
      const saved = { ...process.env };
      Object.assign(process.env, env);
      try {
        const list = await dlq(['list', '--remote'], env);
        expect(list.code).toBe(0);
        expect(list.out[0]).toContain('3 dead letter(s)');
        const replay = await dlq(['replay', '--remote'], env);
        expect(replay.code).toBe(0);
        expect(replay.out[0]).toContain('task-handle-1');
        expect(sqs.moveTasks).toEqual([
          { SourceArn: env.DEAD_LETTER_QUEUE_ARN, DestinationArn: env.QUEUE_ARN },
        ]);
        expect((await dlq(['replay', '--remote'], { ...env, QUEUE_ARN: '' })).code).toBe(2);
        expect((await dlq(['replay', '--remote'], { ...env, DEAD_LETTER_QUEUE_ARN: '' })).code).toBe(2);
      } finally {
        for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
      }
    } finally {
      await sqs.close();
    }
  });
});

interface FakeSqs {
  readonly endpoint: string;
  readonly moveTasks: Record<string, unknown>[];
  close(): Promise<void>;
}

async function startFakeSqs(): Promise<FakeSqs> {
  const moveTasks: Record<string, unknown>[] = [];
  const server: Server = createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const input = JSON.parse((await readAll(request)) || '{}') as Record<string, unknown>;
    const reply = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'r' });
      response.end(JSON.stringify(body));
    };
    if (target === 'AmazonSQS.GetQueueAttributes')
      return reply({
        Attributes: { ApproximateNumberOfMessages: '3', ApproximateNumberOfMessagesNotVisible: '0' },
      });
    if (target === 'AmazonSQS.StartMessageMoveTask') {
      moveTasks.push(input);
      return reply({ TaskHandle: `task-handle-${moveTasks.length}` });
    }
    response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify({ __type: 'InvalidAction', message: target }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    moveTasks,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readAll(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
