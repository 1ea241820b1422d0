import type {
  ConversationArchive,
  LoggedTurn,
  StoredRollup,
  TurnNotes,
  TurnPage,
} from '../../app/console/analyst-ports.js';
import { isGapPath } from '../../core/analytics/gaps.js';
import { vietnamDate } from '../../core/dialogue/handle.js';
import type { ConversationLog, TurnRecord } from '../../core/ports.js';

interface Stored {
  readonly turn: LoggedTurn;
  readonly gapDay?: string;
}

/** In-memory conversation log with the same contract as the DynamoDB one (unit tests). */
export class MemoryConversationLog implements ConversationLog, ConversationArchive {
  private readonly byKey = new Map<string, Stored>();
  private readonly rollups = new Map<string, StoredRollup>();

  async append(turn: TurnRecord): Promise<void> {
    const key = `${turn.chatHash}#${turn.turnId}`;
    if (this.byKey.has(key)) return;
    const at = Date.parse(turn.at);
    const day = vietnamDate(Number.isFinite(at) ? new Date(at) : new Date());
    this.byKey.set(key, { turn: { ...turn, day }, ...(isGapPath(turn.path) ? { gapDay: day } : {}) });
  }

  async recordFeedback(chatHash: string, turnId: string, vote: 'up' | 'down'): Promise<boolean> {
    const key = `${chatHash}#${turnId}`;
    const stored = this.byKey.get(key);
    if (!stored) return false;
    this.byKey.set(key, {
      turn: { ...stored.turn, feedback: vote },
      ...(vote === 'down' ? { gapDay: stored.turn.day } : stored.gapDay ? { gapDay: stored.gapDay } : {}),
    });
    return true;
  }

  async deleteChat(chatHash: string): Promise<number> {
    let deleted = 0;
    for (const [key, stored] of this.byKey) {
      if (stored.turn.chatHash === chatHash) {
        this.byKey.delete(key);
        deleted++;
      }
    }
    return deleted;
  }

  /** Every turn, oldest first (turn ids sort by time). */
  turns(): TurnRecord[] {
    return this.sorted().map(({ turn }) => {
      const { day: _day, notes: _notes, ...record } = turn;
      return record;
    });
  }

  async dayTurns(day: string, options: { cursor?: string; limit?: number } = {}): Promise<TurnPage> {
    return page(
      this.newestFirst((stored) => stored.turn.day === day),
      options,
    );
  }

  async dayTurnsForRollup(day: string): Promise<LoggedTurn[]> {
    return this.newestFirst((stored) => stored.turn.day === day);
  }

  async gapTurns(day: string): Promise<LoggedTurn[]> {
    return this.newestFirst((stored) => stored.gapDay === day);
  }

  async chatTurns(chatHash: string, options: { cursor?: string; limit?: number } = {}): Promise<TurnPage> {
    return page(
      this.newestFirst((stored) => stored.turn.chatHash === chatHash),
      options,
    );
  }

  async nextTurn(chatHash: string, turnId: string): Promise<LoggedTurn | undefined> {
    return this.sorted().find((stored) => stored.turn.chatHash === chatHash && stored.turn.turnId > turnId)
      ?.turn;
  }

  async getTurn(chatHash: string, turnId: string): Promise<LoggedTurn | undefined> {
    return this.byKey.get(`${chatHash}#${turnId}`)?.turn;
  }

  async saveNotes(chatHash: string, turnId: string, notes: TurnNotes): Promise<boolean> {
    const key = `${chatHash}#${turnId}`;
    const stored = this.byKey.get(key);
    if (!stored) return false;
    this.byKey.set(key, { ...stored, turn: { ...stored.turn, notes } });
    return true;
  }

  async getRollup(day: string): Promise<StoredRollup | undefined> {
    return this.rollups.get(day);
  }

  async putRollup(rollup: StoredRollup): Promise<void> {
    this.rollups.set(rollup.day, rollup);
  }

  private sorted(): Stored[] {
    return [...this.byKey.values()].sort((a, b) => a.turn.turnId.localeCompare(b.turn.turnId));
  }

  private newestFirst(keep: (stored: Stored) => boolean): LoggedTurn[] {
    return this.sorted()
      .filter(keep)
      .reverse()
      .map((stored) => stored.turn);
  }
}

/** The DynamoDB adapter's paging, over a list: the cursor is the offset. */
function page(turns: readonly LoggedTurn[], options: { cursor?: string; limit?: number }): TurnPage {
  const start = options.cursor ? Number.parseInt(options.cursor, 10) || 0 : 0;
  const limit = options.limit ?? 50;
  const slice = turns.slice(start, start + limit);
  return start + limit < turns.length ? { turns: slice, cursor: String(start + limit) } : { turns: slice };
}
