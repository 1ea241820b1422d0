/**
 * Splitting a long reply into messages a channel accepts, at the most natural boundary:
 * paragraph, then line, then sentence end, then space; a hard cut only inside one very long
 * word, and never between the halves of a surrogate pair. Channels count length differently
 * (Telegram in UTF-16 code units, Zalo in characters), so the unit is a parameter.
 */
export type LengthUnit = 'utf16' | 'codepoints';

const BOUNDARIES: readonly RegExp[] = [/\n\s*\n/g, /\n/g, /[.!?…](?=\s)/g, /\s/g];

export function splitAtBoundaries(text: string, limit: number, unit: LengthUnit = 'utf16'): string[] {
  if (limit < 2) throw new RangeError('limit must be at least 2');
  const parts: string[] = [];
  let rest = text.trim();
  while (lengthIn(rest, unit) > limit) {
    const cut = findCut(rest, maxEnd(rest, limit, unit));
    const part = rest.slice(0, cut).trimEnd();
    if (part.length > 0) parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

function lengthIn(text: string, unit: LengthUnit): number {
  if (unit === 'utf16') return text.length;
  let count = 0;
  for (const _char of text) count++;
  return count;
}

/** The UTF-16 index right after the first `limit` units of `text`. */
function maxEnd(text: string, limit: number, unit: LengthUnit): number {
  if (unit === 'utf16') {
    // Do not end between the halves of a surrogate pair.
    const code = text.charCodeAt(limit - 1);
    return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
  }
  let end = 0;
  let count = 0;
  for (const char of text) {
    if (count === limit) break;
    end += char.length;
    count++;
  }
  return end;
}

/** Where to cut, in UTF-16 units, no later than `end`. */
function findCut(text: string, end: number): number {
  const window = text.slice(0, end + 1);
  // Prefer a break that keeps parts reasonably full; a tiny first part reads badly.
  const floor = Math.floor(end / 3);
  for (const pattern of BOUNDARIES) {
    let best = -1;
    for (const match of window.matchAll(pattern)) {
      // Cut after sentence punctuation, before whitespace breaks.
      const at = /\s/.test(match[0][0] ?? '') ? match.index : match.index + match[0].length;
      if (at <= end && at >= floor) best = at;
    }
    if (best > 0) return best;
  }
  return end;
}
