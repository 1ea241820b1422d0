/**
 * A fake OpenAI-compatible server on loopback, speaking the real wire format, reached through
 * the real `openai` SDK with `baseURL`: POST /v1/chat/completions and /v1/embeddings. Each
 * request takes the next scripted outcome (or the default); every request is recorded with its
 * headers and JSON body, so tests can assert what left the process.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
  /** The raw body, for pattern searches over everything sent. */
  readonly raw: string;
}

export type Outcome =
  /** A chat completion whose message content is `content` (a string, or JSON of an object). */
  | {
      readonly kind: 'json';
      readonly content: unknown;
      readonly finishReason?: 'stop' | 'length' | 'content_filter';
    }
  /** The content computed from the request (e.g. quote the first passage). */
  | { readonly kind: 'compute'; readonly content: (body: Record<string, unknown>) => unknown }
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly headers?: Record<string, string>;
      readonly body?: unknown;
    }
  /** Accept the request and never answer. */
  | { readonly kind: 'hang' }
  /** A 200 whose body is not JSON. */
  | { readonly kind: 'raw'; readonly body: string }
  | { readonly kind: 'emptyChoices' }
  | { readonly kind: 'embeddings'; readonly vectors: readonly (readonly number[])[] }
  /** One vector per input, computed from its text (a deterministic stand-in for a model). */
  | { readonly kind: 'embedEach'; readonly vector: (input: string) => readonly number[] };

export const outcomes = {
  json: (content: unknown): Outcome => ({ kind: 'json', content }),
  compute: (content: (body: Record<string, unknown>) => unknown): Outcome => ({ kind: 'compute', content }),
  finishReason: (finishReason: 'length' | 'content_filter', content: unknown = ''): Outcome => ({
    kind: 'json',
    content,
    finishReason,
  }),
  status: (status: number, headers?: Record<string, string>, body?: unknown): Outcome => ({
    kind: 'status',
    status,
    ...(headers ? { headers } : {}),
    ...(body !== undefined ? { body } : {}),
  }),
  hang: (): Outcome => ({ kind: 'hang' }),
  raw: (body: string): Outcome => ({ kind: 'raw', body }),
  emptyChoices: (): Outcome => ({ kind: 'emptyChoices' }),
  embeddings: (vectors: readonly (readonly number[])[]): Outcome => ({ kind: 'embeddings', vectors }),
  embedEach: (vector: (input: string) => readonly number[]): Outcome => ({ kind: 'embedEach', vector }),
};

export interface FakeOpenAi {
  /** `http://127.0.0.1:<port>/v1`: the SDK's baseURL. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Outcomes for the next requests, in order; then `fallback`. */
  script(...next: Outcome[]): void;
  /** The outcome once the script is used up. */
  fallback: Outcome;
  close(): Promise<void>;
}

export const FAKE_USAGE = {
  prompt_tokens: 2_400,
  completion_tokens: 180,
  prompt_tokens_details: { cached_tokens: 0 },
};

export async function startFakeOpenAi(fallback: Outcome = outcomes.status(500)): Promise<FakeOpenAi> {
  const queue: Outcome[] = [];
  const requests: RecordedRequest[] = [];
  let created = 0;
  const fake: FakeOpenAi = {
    baseURL: '',
    requests,
    script: (...next) => queue.push(...next),
    fallback,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // Recorded as received; the outcome decides the answer.
      }
      const path = req.url ?? '';
      requests.push({ path, headers: req.headers, body, raw });
      answer(res, path, body, queue.shift() ?? fake.fallback, ++created);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (fake as { baseURL: string }).baseURL = `http://127.0.0.1:${port}/v1`;
  return fake;
}

function answer(
  res: ServerResponse,
  path: string,
  body: Record<string, unknown>,
  outcome: Outcome,
  id: number,
): ServerResponse | undefined {
  switch (outcome.kind) {
    case 'hang':
      return;
    case 'raw':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(outcome.body);
      return;
    case 'status':
      return send(
        res,
        outcome.status,
        outcome.body ?? {
          error: { message: `scripted ${outcome.status}`, type: 'server_error', code: null },
        },
        outcome.headers,
      );
    case 'embeddings':
    case 'embedEach': {
      // The SDK asks for base64 unless told otherwise, and decodes it to floats itself.
      const base64 = body.encoding_format === 'base64';
      const inputs = Array.isArray(body.input) ? body.input.map(String) : [String(body.input)];
      const vectors =
        outcome.kind === 'embeddings' ? outcome.vectors : inputs.map((input) => outcome.vector(input));
      return send(res, 200, {
        object: 'list',
        model: body.model,
        data: vectors.map((vector, index) => ({
          object: 'embedding',
          index,
          embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
        })),
        usage: { prompt_tokens: 12, total_tokens: 12 },
      });
    }
    case 'emptyChoices':
      return send(res, 200, completion(body, id, []));
    default: {
      if (!path.endsWith('/chat/completions')) return send(res, 404, { error: { message: 'not found' } });
      const content = outcome.kind === 'compute' ? outcome.content(body) : outcome.content;
      const text = typeof content === 'string' ? content : JSON.stringify(content);
      const finish = outcome.kind === 'json' ? (outcome.finishReason ?? 'stop') : 'stop';
      return send(
        res,
        200,
        completion(body, id, [
          {
            index: 0,
            finish_reason: finish,
            logprobs: null,
            message: { role: 'assistant', content: text, refusal: null },
          },
        ]),
      );
    }
  }
}

function completion(body: Record<string, unknown>, id: number, choices: unknown[]) {
  return {
    id: `chatcmpl-fake-${id}`,
    object: 'chat.completion',
    created: 1_764_547_200,
    model: typeof body.model === 'string' ? body.model : 'unknown',
    choices,
    usage: { ...FAKE_USAGE, total_tokens: FAKE_USAGE.prompt_tokens + FAKE_USAGE.completion_tokens },
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ServerResponse {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  return res.end(JSON.stringify(body));
}

/**
 * The deterministic "quote P1" model for end-to-end runs: answers with the first sentence of
 * the first passage, cited, so the gate passes whenever the passage is real.
 */
export function quoteFirstPassage(body: Record<string, unknown>): unknown {
  const messages = (body.messages ?? []) as { role: string; content: string }[];
  const user = messages.find((message) => message.role === 'user')?.content ?? '';
  if (/Viết lại tin nhắn mới/.test(user)) {
    const question = /<<Q [^>]+>>\n([\s\S]*?)\n<<\/Q/.exec(user)?.[1] ?? '';
    return { query: question };
  }
  const passage = /<<P1 [^>]+>>\n[^\n]*\n([\s\S]*?)\n<<\/P1/.exec(user)?.[1];
  if (!passage) return { status: 'insufficient', text: '', cites: [] };
  const sentence = passage.split(/(?<=[.!?])\s/)[0] ?? passage;
  return { status: 'answer', text: `Theo tài liệu được trích: ${sentence} [P1]`, cites: ['P1'] };
}
