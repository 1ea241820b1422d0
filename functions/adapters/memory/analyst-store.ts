import type { AnalystStore, GapState, Suggestion } from '../../app/console/analyst-ports.js';

/** In-memory gap states and suggestions with the DynamoDB store's contract. */
export class MemoryAnalystStore implements AnalystStore {
  private readonly states = new Map<string, GapState>();
  private readonly queue = new Map<string, Suggestion>();

  async gapStates(): Promise<GapState[]> {
    return [...this.states.values()];
  }
  async getGapState(key: string): Promise<GapState | undefined> {
    return this.states.get(key);
  }
  async putGapState(state: GapState): Promise<void> {
    this.states.set(state.key, state);
  }
  async suggestions(): Promise<Suggestion[]> {
    return [...this.queue.values()];
  }
  async getSuggestion(id: string): Promise<Suggestion | undefined> {
    return this.queue.get(id);
  }
  async putSuggestion(suggestion: Suggestion): Promise<void> {
    this.queue.set(suggestion.id, suggestion);
  }
}
