import type { WebReplyStore } from '../../app/ports.js';
import type { WebAnswer } from '../../app/web-chat.js';
import type { Clock } from '../../core/ports.js';
import { systemClock } from '../../shared/clock.js';

/** In-memory WebReplyStore (tests); same expiry as the table's. */
export class MemoryWebReplyStore implements WebReplyStore {
  private readonly answers = new Map<string, { answer: WebAnswer; expiresAtMs: number }>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly ttlSeconds = 3600,
  ) {}

  async put(chatId: string, messageId: string, answer: WebAnswer): Promise<void> {
    this.answers.set(`${chatId}#${messageId}`, {
      answer: structuredClone(answer),
      expiresAtMs: this.clock.now().getTime() + this.ttlSeconds * 1000,
    });
  }

  async get(chatId: string, messageId: string): Promise<WebAnswer | undefined> {
    const entry = this.answers.get(`${chatId}#${messageId}`);
    if (!entry || entry.expiresAtMs <= this.clock.now().getTime()) return undefined;
    return structuredClone(entry.answer);
  }
}
