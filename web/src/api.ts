/**
 * Calls to the console API: same origin, the session in an HttpOnly cookie, JSON both ways.
 * A 401 first tries POST /api/auth/refresh once (in AWS a refresh cookie, sent to /api/auth
 * only, renews the hour-long access token for up to 12 hours; locally there is none) and
 * repeats the call: the 401 came from the session check, before the route did anything.
 * A 401 that remains, outside the sign-in calls, means the session expired: listeners are
 * told (the app shows the sign-in dialog over the current screen, which keeps what was
 * typed) and the call fails with an ApiError.
 */
import { vi } from './vi.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** `{error, field?}` bodies (400). */
  get field(): string | undefined {
    const field = (this.body as { field?: unknown } | null)?.field;
    return typeof field === 'string' ? field : undefined;
  }

  get serverMessage(): string | undefined {
    const error = (this.body as { error?: unknown } | null)?.error;
    return typeof error === 'string' ? error : undefined;
  }
}

/** The request never got an HTTP answer. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network', { cause });
    this.name = 'NetworkError';
  }
}

type Listener = () => void;
const expiryListeners = new Set<Listener>();

export function onSessionExpired(listener: Listener): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

export interface RequestOptions {
  /** A raw body (file import) instead of JSON. */
  readonly raw?: { readonly text: string; readonly contentType: string };
  /** 401 is an answer here (sign-in, "who am I"), not an expired session. */
  readonly authCall?: boolean;
}

/** Sign-in calls answer 401 for their own reasons: no refresh for them. */
function mayRefresh(path: string): boolean {
  return !path.startsWith('/api/auth/') || path === '/api/auth/me';
}

/** One refresh at a time: calls failing together wait for the same one. */
let refreshing: Promise<boolean> | undefined;

function refreshSession(): Promise<boolean> {
  refreshing ??= fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    cache: 'no-store',
  })
    .then((response) => response.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  try {
    return await send<T>(method, path, body, options);
  } catch (error) {
    if (
      !(error instanceof ApiError) ||
      error.status !== 401 ||
      !mayRefresh(path) ||
      !(await refreshSession())
    )
      return expired(error, options);
    try {
      return await send<T>(method, path, body, options);
    } catch (again) {
      return expired(again, options);
    }
  }
}

function expired(error: unknown, options: RequestOptions): never {
  if (error instanceof ApiError && error.status === 401 && !options.authCall)
    for (const listener of expiryListeners) listener();
  throw error;
}

async function send<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: string | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.contentType;
    payload = options.raw.text;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(payload !== undefined ? { body: payload } : {}),
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  const text = await response.text();
  let parsed: unknown = text;
  if (text && (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed as T;
}

/** A sentence for staff about a failed call. */
export function describeError(error: unknown): string {
  if (error instanceof NetworkError) return vi.errors.network;
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  switch (error.status) {
    case 400: {
      const field = error.field
        ? ((vi.fields as Record<string, string | undefined>)[error.field] ?? error.field)
        : undefined;
      const message = error.serverMessage ?? vi.errors.invalid;
      return field ? `${vi.errors.invalid}: ${field}: ${message}` : `${vi.errors.invalid}: ${message}`;
    }
    case 401:
      return vi.errors.expired;
    case 403:
      return vi.errors.forbidden;
    case 404:
      return vi.errors.notFound;
    case 429:
      return vi.errors.tooMany;
    default:
      return error.status >= 500
        ? vi.errors.server(error.status)
        : (error.serverMessage ?? vi.errors.unexpected(error.status));
  }
}
