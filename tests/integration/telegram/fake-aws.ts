/**
 * A fake of the two AWS APIs the Telegram Lambdas call besides DynamoDB, on loopback,
 * speaking the SDK's wire format (AWS JSON 1.0 for SQS, 1.1 for Secrets Manager). The real
 * SDK clients reach it through AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL_SECRETS_MANAGER.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentSqsMessage {
  readonly queueUrl: string;
  readonly body: string;
  readonly groupId: string | undefined;
  readonly deduplicationId: string | undefined;
  readonly messageId: string;
}

export interface FakeAws {
  readonly endpoint: string;
  readonly sent: SentSqsMessage[];
  readonly secretReads: string[];
  readonly visibilityChanges: { receiptHandle: string; timeout: number }[];
  /** SendMessage fails with a 500 this many more times. */
  failSends: number;
  close(): Promise<void>;
}

export async function startFakeAws(secrets: Readonly<Record<string, string>>): Promise<FakeAws> {
  const state: FakeAws = {
    endpoint: '',
    sent: [],
    secretReads: [],
    visibilityChanges: [],
    failSends: 0,
    close: async () => undefined,
  };
  const server = createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const input = JSON.parse((await readAll(request)) || '{}') as Record<string, unknown>;
    const reply = (status: number, contentType: string, body: unknown) => {
      response.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': randomUUID() });
      response.end(JSON.stringify(body));
    };
    if (target === 'AmazonSQS.SendMessage') {
      if (state.failSends > 0) {
        state.failSends--;
        return reply(500, 'application/x-amz-json-1.0', { __type: 'InternalError', message: 'injected' });
      }
      const body = String(input.MessageBody);
      const messageId = randomUUID();
      state.sent.push({
        queueUrl: String(input.QueueUrl),
        body,
        groupId: input.MessageGroupId as string | undefined,
        deduplicationId: input.MessageDeduplicationId as string | undefined,
        messageId,
      });
      return reply(200, 'application/x-amz-json-1.0', {
        MessageId: messageId,
        MD5OfMessageBody: createHash('md5').update(body).digest('hex'),
        SequenceNumber: String(state.sent.length).padStart(20, '0'),
      });
    }
    if (target === 'AmazonSQS.ChangeMessageVisibility') {
      state.visibilityChanges.push({
        receiptHandle: String(input.ReceiptHandle),
        timeout: Number(input.VisibilityTimeout),
      });
      return reply(200, 'application/x-amz-json-1.0', {});
    }
    if (target === 'secretsmanager.GetSecretValue') {
      const id = String(input.SecretId);
      state.secretReads.push(id);
      const value = secrets[id];
      if (value === undefined)
        return reply(400, 'application/x-amz-json-1.1', {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
      return reply(200, 'application/x-amz-json-1.1', {
        ARN: id,
        Name: id.split(':').at(-1),
        SecretString: value,
        VersionId: 'v1',
      });
    }
    reply(400, 'application/x-amz-json-1.0', { __type: 'UnknownOperationException', message: target });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

async function readAll(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
