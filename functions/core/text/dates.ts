/**
 * Dates the way Vietnamese citizens write them. One formatter for every reply, so a
 * calculator, a card lookup and an FAQ answer never show the same day two ways.
 */

/** `2026-07-01` → `01/07/2026`. */
export function formatVietnameseDate(isoDay: string): string {
  const [year, month, day] = isoDay.split('-');
  return `${day}/${month}/${year}`;
}

/** `2027-05` → `05/2027`. */
export function formatVietnameseMonth(isoMonth: string): string {
  const [year, month] = isoMonth.split('-');
  return `${month}/${year}`;
}

/**
 * A date of any precision a document may carry: `2019-12-20` → `20/12/2019`,
 * `2019-12` → `tháng 12/2019`, `2019` → `năm 2019`; empty when unknown.
 */
export function formatPartialDate(date: string | undefined): string {
  if (!date) return '';
  const [year, month, day] = date.split('-');
  if (day) return formatVietnameseDate(date);
  if (month) return `tháng ${formatVietnameseMonth(date)}`;
  return `năm ${year}`;
}
