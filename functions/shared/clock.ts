/** The one system clock. Everything else takes a `Clock` so tests can set the time. */
import type { Clock } from '../core/ports.js';

export const systemClock: Clock = { now: () => new Date() };
