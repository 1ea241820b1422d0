/**
 * How every Lambda entry point builds what it needs: once per container, lazily on the first
 * event, and again after a failed build, so that a secret that was briefly unreadable does not
 * poison the container until it is recycled. A failed build is logged under the function's
 * name; what the event then gets is the entry point's choice: an HTTP route answers 503
 * (`httpEntry`), the worker hands every record back to the queue, a scheduled job throws.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { json } from '../../adapters/http/responses.js';
import { createLogger, errorFields } from '../../shared/logger.js';

export type HttpEntry = (
  event: APIGatewayProxyEventV2,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export function lazyInit<T>(functionName: string, build: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return async () => {
    cached ??= build();
    try {
      return await cached;
    } catch (error) {
      cached = undefined;
      // To standard error, as the runtime's own start-up failures are.
      createLogger({ base: { fn: functionName }, write: (line) => console.error(line) }).error(
        'lambda.init_failed',
        errorFields(error),
      );
      throw error;
    }
  };
}

/** An HTTP entry point: built lazily; while it cannot be built every request gets a clear 503. */
export function httpEntry(functionName: string, build: () => Promise<HttpEntry>): HttpEntry {
  const init = lazyInit(functionName, build);
  return async (event, context) => {
    let handle: HttpEntry;
    try {
      handle = await init();
    } catch {
      return json(503, { error: 'unavailable' });
    }
    return handle(event, context);
  };
}
