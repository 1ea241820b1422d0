import type { Clock, Session, SessionStore } from '../../core/ports.js';
import { systemClock } from '../../shared/clock.js';

/**
 * In-memory version: the default for unit tests and a fake with the same contract as
 * DynamoSessionStore (tests/contract/session-store.test.ts): a session expires `ttlSeconds`
 * after its last put, counted from the whole second like the table's `expiresAt`, and what
 * is stored or returned is a copy, as a database would hold it.
 */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, { session: Session; expiresAtSeconds: number }>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly ttlSeconds = 24 * 3600,
  ) {}

  async get(key: string): Promise<Session | undefined> {
    const entry = this.sessions.get(key);
    if (!entry || entry.expiresAtSeconds * 1000 <= this.clock.now().getTime()) return undefined;
    return structuredClone(entry.session);
  }

  async put(session: Session): Promise<void> {
    const expiresAtSeconds = Math.floor(this.clock.now().getTime() / 1000) + this.ttlSeconds;
    this.sessions.set(session.key, { session: structuredClone(session), expiresAtSeconds });
  }

  async delete(key: string): Promise<void> {
    this.sessions.delete(key);
  }
}
