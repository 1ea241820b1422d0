import {
  type ConsoleUser,
  UserExistsError,
  UserNotFoundError,
  type UserStore,
} from '../../app/console/users.js';

/** In-memory console users with the same contract as the DynamoDB store (tests/contract/user-store.test.ts). */
export class MemoryUserStore implements UserStore {
  private readonly users = new Map<string, ConsoleUser>();

  async get(email: string): Promise<ConsoleUser | undefined> {
    const user = this.users.get(email);
    return user ? { ...user } : undefined;
  }

  async create(user: ConsoleUser): Promise<void> {
    if (this.users.has(user.email)) throw new UserExistsError();
    this.users.set(user.email, { ...user });
  }

  async setPassword(
    email: string,
    passwordHash: string,
    mustChangePassword: boolean,
    at: string,
  ): Promise<void> {
    const user = this.users.get(email);
    if (!user) throw new UserNotFoundError();
    this.users.set(email, { ...user, passwordHash, mustChangePassword, updatedAt: at });
  }

  async list(): Promise<ConsoleUser[]> {
    return [...this.users.values()]
      .map((user) => ({ ...user }))
      .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  }
}
