/**
 * Telegram formatting: HTML escaping and splitting long answers. Replies are plain text
 * from the core, sent with parse_mode HTML so we can add our own tags later; every `<`, `>`
 * and `&` of the text is escaped, as Telegram requires.
 */

/** Telegram's limit is 4,096 characters after entity parsing; we keep a margin. */
export const TELEGRAM_MAX_MESSAGE = 4096;
export const DEFAULT_PART_LENGTH = 3900;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Split text into parts of at most `limit` UTF-16 code units (Telegram counts that way, and
 * escaping is undone by its parser, so the plain length is what counts). Break at the last
 * paragraph, then line, then sentence end, then space in the part; cut hard only inside one
 * very long word, and never inside a surrogate pair. Joining the parts with the whitespace
 * they were split at gives the original text back (modulo trimmed whitespace at the cuts).
 */
export function splitMessage(text: string, limit = DEFAULT_PART_LENGTH): string[] {
  if (limit < 2) throw new RangeError('limit must be at least 2');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = findCut(rest, limit);
    const part = rest.slice(0, cut).trimEnd();
    if (part.length > 0) parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

function findCut(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  // Prefer a break that keeps parts reasonably full; a tiny first part reads badly.
  const floor = Math.floor(limit / 3);
  const candidates: RegExp[] = [/\n\s*\n/g, /\n/g, /[.!?…](?=\s)/g, /\s/g];
  for (const pattern of candidates) {
    let best = -1;
    for (const match of window.matchAll(pattern)) {
      // Cut after sentence punctuation, before whitespace breaks.
      const end = /\s/.test(match[0][0] ?? '') ? match.index : match.index + match[0].length;
      if (end <= limit && end >= floor) best = end;
    }
    if (best > 0) return best;
  }
  // One very long "word": cut at the limit, but not between the halves of a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
