/**
 * Request plumbing for the console API that does not depend on Hono: errors that become a
 * status and a JSON body, request validation that names the field, NFC normalisation, and
 * the same-origin rules behind the CSRF check and the cookie's Secure flag.
 */
import type * as z from 'zod';
import { isLoopbackHost } from '../auth/local-guard.js';

/** An answer decided by the API itself: `{ error, field? }` (the message does not repeat the field) and the status. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 501,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): Record<string, unknown> {
    return { error: this.message, ...this.extra };
  }
}

export function badRequest(field: string, message: string): ApiError {
  return new ApiError(400, message, { field });
}

/** The first issue of a failed parse, as `{ field, message }`: `questions.2`, or `body` for the whole. */
export function firstIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || 'body';
  return { field, message: issue?.message ?? 'invalid' };
}

/** Parse or throw a 400 naming the field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const { field, message } = firstIssue(result.error);
    throw badRequest(field, message);
  }
  return result.data;
}

/**
 * Every string in a parsed JSON value (object keys too) in NFC: what staff type in one browser
 * (or paste from a PDF) in decomposed form must match and compare like everything else.
 */
export function nfcDeep(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(nfcDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key.normalize('NFC')] = nfcDeep(inner);
    return out;
  }
  return value;
}

/** Parse a JSON request body, NFC-normalised; malformed JSON is a 400 naming `body`. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw badRequest('body', 'a JSON body is required');
  try {
    return nfcDeep(JSON.parse(text));
  } catch {
    throw badRequest('body', 'malformed JSON');
  }
}

export interface RequestOrigin {
  /** The Host header (or the URL's host when a test sends none). */
  readonly host: string;
  /** `x-forwarded-proto` (API Gateway, CloudFront, a TLS proxy), absent when served directly. */
  readonly forwardedProto: string | undefined;
}

/**
 * The scheme the browser used: what a proxy in front says, else plain http (the local server
 * speaks nothing else; API Gateway always sets `x-forwarded-proto: https`).
 */
function browserScheme(request: RequestOrigin): 'http' | 'https' {
  const proto = request.forwardedProto?.split(',')[0]?.trim().toLowerCase();
  return proto === 'https' ? 'https' : 'http';
}

/**
 * The CSRF rule: a mutating request must come from the console itself. Its Origin is either
 * one of the configured console origins (`CONSOLE_ORIGIN`: CloudFront in front of API
 * Gateway, where Host is API Gateway's) or the request's own origin: same host and port, and
 * https, or http when the request itself came over http.
 */
export function originAllowed(
  origin: string | undefined,
  request: RequestOrigin,
  configured: readonly string[],
): boolean {
  if (!origin || origin === 'null') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (configured.some((allowed) => sameOrigin(allowed, url))) return true;
  if (url.host.toLowerCase() !== request.host.toLowerCase()) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && browserScheme(request) === 'http');
}

function sameOrigin(allowed: string, url: URL): boolean {
  try {
    return new URL(allowed).origin === url.origin;
  } catch {
    return false;
  }
}

/**
 * Cookies are `Secure` except on loopback over plain http (`npm start` on 127.0.0.1), where a
 * browser would otherwise keep the cookie but some tools would not send it.
 */
export function cookieSecure(request: RequestOrigin): boolean {
  return !(isLoopbackHost(request.host) && browserScheme(request) === 'http');
}

/** Current month in Vietnam (UTC+7, no daylight saving): the audit log's default page. */
export function vietnamMonth(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 7);
}

/** A download name that is safe in a Content-Disposition header. */
export function safeFilename(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return cleaned.slice(0, 100) || 'export';
}
