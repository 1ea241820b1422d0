import type { ConversationLog, TurnRecord } from '../../core/ports.js';

/** In-memory conversation log with the same contract as the DynamoDB one (unit tests). */
export class MemoryConversationLog implements ConversationLog {
  private readonly byKey = new Map<string, TurnRecord>();

  async append(turn: TurnRecord): Promise<void> {
    const key = `${turn.chatHash}#${turn.turnId}`;
    if (!this.byKey.has(key)) this.byKey.set(key, turn);
  }

  async recordFeedback(chatHash: string, turnId: string, vote: 'up' | 'down'): Promise<boolean> {
    const key = `${chatHash}#${turnId}`;
    const turn = this.byKey.get(key);
    if (!turn) return false;
    this.byKey.set(key, { ...turn, feedback: vote });
    return true;
  }

  async deleteChat(chatHash: string): Promise<number> {
    let deleted = 0;
    for (const [key, turn] of this.byKey) {
      if (turn.chatHash === chatHash) {
        this.byKey.delete(key);
        deleted++;
      }
    }
    return deleted;
  }

  /** Every turn, oldest first (turn ids sort by time). */
  turns(): TurnRecord[] {
    return [...this.byKey.values()].sort((a, b) => a.turnId.localeCompare(b.turnId));
  }
}
