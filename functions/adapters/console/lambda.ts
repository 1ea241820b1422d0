/**
 * The console API as an API Gateway HTTP API (payload v2) handler: the Lambda's, and the one
 * the local server calls for every `/api/*` request.
 *
 * The v2 cookie quirk, made explicit: API Gateway moves the request's Cookie header into
 * `event.cookies` (an array) and drops it from `headers`; the local adapter leaves it in
 * `headers.cookie`. `event.cookies` is authoritative when present (AWS); otherwise the header
 * is split into it. Either way the app sees one Cookie header built from `event.cookies`, so
 * a test of the local shape cannot pass where AWS would fail. Response cookies go out in
 * `result.cookies`, as v2 requires (hono/aws-lambda does that).
 *
 * CSV downloads go out base64-encoded: hono/aws-lambda reads text bodies with
 * `Response.text()`, which drops a leading byte-order mark, and Excel needs that BOM to read
 * Vietnamese as UTF-8.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { defaultIsContentTypeBinary, handle } from 'hono/aws-lambda';
import { type ConsoleApiDeps, createConsoleApi } from './api.js';

export type ConsoleHttpHandler = (
  event: APIGatewayProxyEventV2,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** The event as API Gateway would send it: cookies in `event.cookies`, none in the headers. */
export function withV2Cookies(event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 {
  const headers: Record<string, string | undefined> = {};
  let header: string | undefined;
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (name.toLowerCase() === 'cookie') header = header ? `${header}; ${value}` : value;
    else headers[name] = value;
  }
  const cookies = event.cookies?.length
    ? event.cookies
    : (header ?? '')
        .split(';')
        .map((part) => part.trim())
        .filter((part) => part !== '');
  return { ...event, headers, ...(cookies.length > 0 ? { cookies } : { cookies: undefined }) };
}

export function createConsoleHttpHandler(deps: ConsoleApiDeps): ConsoleHttpHandler {
  const lambda = handle(createConsoleApi(deps), {
    isContentTypeBinary: (contentType) =>
      defaultIsContentTypeBinary(contentType) || /^text\/csv\b/i.test(contentType),
  });
  return async (event, context) => {
    // hono/aws-lambda declares its own event type (body `string | null`); the shapes agree.
    type HonoEvent = Parameters<typeof lambda>[0];
    const result = await lambda(withV2Cookies(event) as unknown as HonoEvent, context as Context);
    return result as APIGatewayProxyStructuredResultV2;
  };
}
