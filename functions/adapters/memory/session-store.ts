import type { Session, SessionStore } from '../../core/ports.js';

/** In-memory version: the default for unit tests and a fake with the same contract. */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Session>();
  async get(key: string): Promise<Session | undefined> {
    return this.sessions.get(key);
  }
  async put(session: Session): Promise<void> {
    this.sessions.set(session.key, session);
  }
  async delete(key: string): Promise<void> {
    this.sessions.delete(key);
  }
}
