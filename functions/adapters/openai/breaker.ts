/**
 * A per-container circuit breaker: after `failures` failed calls in a row the model is skipped
 * for `cooldownMs`, so an outage costs citizens no waiting; then one call tries again.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;

  constructor(
    private readonly failures: number,
    private readonly cooldownMs: number,
    private readonly now: () => number,
  ) {}

  /** Whether a call may go out now. */
  allows(): boolean {
    return this.now() >= this.openUntil;
  }

  succeeded(): void {
    this.consecutive = 0;
    this.openUntil = 0;
  }

  /** Counts a failure; true when this one opened the circuit. */
  failed(): boolean {
    this.consecutive++;
    if (this.consecutive < this.failures) return false;
    this.consecutive = 0;
    this.openUntil = this.now() + this.cooldownMs;
    return true;
  }
}
