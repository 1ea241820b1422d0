/**
 * A channel API that breaks for a while and then recovers: an HTTP proxy on loopback in
 * front of a fake channel server (fake-telegram.ts), which the real client reaches as its
 * API root. While a fault is on, every request gets it:
 *  - `server-error`: HTTP 500 with Telegram's error body;
 *  - `rate-limit`: HTTP 429 with `parameters.retry_after` (Telegram's wire format);
 *  - `hang`: no answer; when the fault ends the connection is dropped (never forwarded);
 *  - `refuse`: the port is closed (connection refused) and reopened at the end;
 *  - `slow`: forwarded at once, the answer held back `delayMs` (the channel did the work:
 *    a client that gives up or dies in the meantime cannot know it was delivered).
 * Outside a fault every request is forwarded unchanged.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultKind = 'server-error' | 'rate-limit' | 'hang' | 'refuse' | 'slow';

export interface Fault {
  readonly kind: FaultKind;
  readonly durationMs: number;
  /** For `rate-limit`: the retry_after the API announces (seconds). */
  readonly retryAfterSeconds?: number;
  /** For `slow`: how long each answer is held. */
  readonly delayMs?: number;
}

export interface FaultProxy {
  readonly url: string;
  /** Requests answered by the fault instead of the upstream. */
  readonly faulted: () => number;
  /**
   * Requests the upstream handled whose answer never reached the client (it had gone: killed,
   * or gave up), by method. For sendMessage these are deliveries the sender cannot know of.
   */
  readonly unanswered: (method?: string) => number;
  /** Starts a fault now; resolves when it is over (the API has recovered). */
  inject(fault: Fault): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  let active: Fault | undefined;
  let faulted = 0;
  const hanging = new Set<ServerResponse>();
  const unanswered: string[] = [];
  const sockets = new Set<Socket>();

  const forward = (request: IncomingMessage, body: Buffer, response: ServerResponse, delayMs = 0) => {
    const outgoing = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: target.host },
      },
      (upstreamResponse) => {
        const chunks: Buffer[] = [];
        upstreamResponse.on('data', (chunk: Buffer) => chunks.push(chunk));
        upstreamResponse.on('end', () => {
          // The upstream has done the work; from here a client that is gone cannot learn of it.
          const clientGone = () => response.destroyed || !response.socket || response.socket.destroyed;
          setTimeout(() => {
            if (clientGone()) {
              unanswered.push(methodOf(request.url));
              return;
            }
            response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
            response.end(Buffer.concat(chunks));
          }, delayMs);
        });
      },
    );
    outgoing.on('error', () => response.destroy());
    outgoing.end(body);
  };

  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const fault = active;
    if (!fault || fault.kind === 'refuse') return forward(request, body, response);
    if (fault.kind === 'slow') return forward(request, body, response, fault.delayMs ?? 1_000);
    faulted++;
    const json = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (fault.kind === 'server-error')
      return json(500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    if (fault.kind === 'rate-limit') {
      const retryAfter = fault.retryAfterSeconds ?? 1;
      return json(429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      });
    }
    hanging.add(response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const dropAllConnections = () => {
    for (const socket of sockets) socket.destroy();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    faulted: () => faulted,
    unanswered: (method) => unanswered.filter((name) => method === undefined || name === method).length,
    async inject(fault) {
      active = fault;
      if (fault.kind === 'refuse') {
        dropAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await new Promise((resolve) => setTimeout(resolve, fault.durationMs));
      if (fault.kind === 'refuse') {
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      }
      if (fault.kind === 'hang') {
        for (const response of hanging) response.socket?.destroy();
        hanging.clear();
      }
      active = undefined;
    },
    close: async () => {
      active = undefined;
      dropAllConnections();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The Bot API method of a request path (`/bot<token>/<method>`). */
function methodOf(path: string | undefined): string {
  return /\/([A-Za-z]+)$/.exec(path ?? '')?.[1] ?? '';
}
