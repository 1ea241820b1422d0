/**
 * One retry schedule for a message the worker could not finish (channel down, refusing
 * connections, throttling, DynamoDB hiccup), the same in AWS (SQS visibility timeout set by
 * the worker) and locally (the persistent queue of `npm start`).
 *
 * Receive n failed → wait `retryDelaySeconds(n)` before receive n + 1: 5 s doubling, capped
 * at 5 min. After MAX_RECEIVE_COUNT receives the message moves to the dead-letter queue,
 * where it waits for a replay (`npm run dlq -- replay` locally, a DLQ redrive in AWS).
 * With 12 receives the retries span 5+10+20+40+80+160+5×300 s = 1,815 s ≈ 30 minutes: an outage of a
 * channel of up to half an hour loses nothing and needs no operator.
 */

/** Receives before a message is dead-lettered (the worker dead-letters refused ones at once). */
export const MAX_RECEIVE_COUNT = 12;

export const FIRST_RETRY_SECONDS = 5;
export const MAX_RETRY_SECONDS = 300;
/** SQS refuses a visibility timeout above 12 hours. */
const SQS_MAX_VISIBILITY_SECONDS = 43_200;

/**
 * Seconds until the next receive: 5 s doubling up to 5 min, or the channel's retry_after when
 * that is longer. The schedule is a floor even under throttling: with retry_after alone, a
 * channel answering "retry after 15 s" would spend the 12 receives in 3 minutes.
 */
export function retryDelaySeconds(receiveCount: number, retryAfterSeconds?: number): number {
  const scheduled = Math.min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** Math.max(0, receiveCount - 1));
  if (retryAfterSeconds === undefined) return scheduled;
  return Math.min(SQS_MAX_VISIBILITY_SECONDS, Math.max(scheduled, Math.ceil(retryAfterSeconds)));
}

/** Seconds from the first receive to the last one, when every receive fails without retry_after. */
export function retrySpanSeconds(maxReceiveCount = MAX_RECEIVE_COUNT): number {
  let total = 0;
  for (let receive = 1; receive < maxReceiveCount; receive++) total += retryDelaySeconds(receive);
  return total;
}
