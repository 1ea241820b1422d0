/**
 * Vietnamese number formatting and integer money arithmetic. Amounts are whole đồng;
 * percentages are kept as percent numbers (22, 4.5) and applied with one rounding, so
 * 22 % × 2.000.000 is exactly 440.000 rather than a floating-point neighbour.
 */

/** `374000` → `374.000` (dots between thousands, as Vietnamese write amounts). */
export function formatNumber(value: number): string {
  const sign = value < 0 ? '−' : '';
  const digits = Math.round(Math.abs(value)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** `374000` → `374.000 đồng`. */
export function formatVnd(value: number): string {
  return `${formatNumber(value)} đồng`;
}

/** `4.5` → `4,5%`, `22` → `22%`. */
export function formatPercent(percent: number): string {
  return `${String(percent).replace('.', ',')}%`;
}

/** `percent` % of `amount`, rounded to the nearest đồng. */
export function percentOf(amount: number, percent: number): number {
  // Scale to avoid binary fractions: 4.5 % becomes 45 / 1000.
  const scaled = Math.round(percent * 1000);
  return Math.round((amount * scaled) / 100_000);
}
