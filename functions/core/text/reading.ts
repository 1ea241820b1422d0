/**
 * A message as the rule parsers read it: the text as written (NFC, lower case, spaces
 * collapsed) and its folded form, aligned character by character, so a pattern found on the
 * folded text can be checked against what was actually typed.
 *
 * Folding is lossy: "đóng bao" and "đồng bào", "nam" and "năm", "tư" and "từ" meet once accents
 * are gone. With the accents at hand the typed form decides; without them a parser must ask
 * for corroborating context (see data/text/collisions.json).
 */
const COMBINING_MARKS = /[\u0300-\u036f]/g;

export interface Reading {
  /** NFC, lower case, whitespace collapsed and trimmed: what was typed. */
  readonly text: string;
  /** `text` with diacritics removed and đ→d; the same length, character for character. */
  readonly folded: string;
  /** Whether the message carries any diacritic at all. */
  readonly hasDiacritics: boolean;
}

function foldChar(char: string): string {
  if (char === 'đ') return 'd';
  const base = char.normalize('NFD').replace(COMBINING_MARKS, '');
  // A character that does not fold to exactly one (ligatures, lone marks) stays as it is, so
  // the two strings stay aligned.
  return base.length === 1 ? base : char;
}

export function readText(input: string): Reading {
  const text = input.normalize('NFC').replace(COMBINING_MARKS, '').toLowerCase().replace(/\s+/g, ' ').trim();
  let folded = '';
  for (const char of text) folded += foldChar(char);
  return { text, folded, hasDiacritics: folded !== text };
}

/** What was typed where the folded text has [start, end). */
function typedAt(reading: Reading, start: number, end: number): string {
  return reading.text.slice(start, end);
}

/**
 * Whether the span was typed as one of `accentedForms` (lower case): true or false when the
 * span carries diacritics, undefined when it was typed without any (the message cannot tell).
 */
export function typedAs(
  reading: Reading,
  start: number,
  end: number,
  accentedForms: readonly string[],
): boolean | undefined {
  const typed = typedAt(reading, start, end);
  if (typed === reading.folded.slice(start, end)) return undefined;
  return accentedForms.includes(typed);
}

/** A reading of text that is already folded (no accents to consult: every decision needs context). */
export function asReading(input: Reading | string): Reading {
  return typeof input === 'string' ? { text: input, folded: input, hasDiacritics: false } : input;
}

/** How each folded number word is written; "ba" typed "bà" is a grandmother, "sau" typed "sau" is "after". */
const NUMBER_WORD_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  mot: ['một', 'mốt'],
  hai: ['hai'],
  ba: ['ba'],
  bon: ['bốn'],
  nam: ['năm', 'lăm'],
  sau: ['sáu'],
  bay: ['bảy', 'bẩy'],
  tam: ['tám'],
  chin: ['chín'],
  muoi: ['mười', 'mươi'],
};

/**
 * Whether a folded number word at `start` may be the number: in a message typed with accents it
 * must be spelled as the number ("bà con" is not three children, "sau người" not six); in one
 * typed without any, it may.
 */
export function mayBeNumberWord(reading: Reading, start: number, word: string): boolean {
  const spellings = NUMBER_WORD_SPELLINGS[word];
  if (!spellings || !reading.hasDiacritics) return true;
  // In a message typed with accents, a word typed without them is taken as typed ("sau").
  return spellings.includes(typedAt(reading, start, start + word.length));
}
