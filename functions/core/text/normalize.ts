/**
 * What a citizen typed, made readable for the rule parsers and matchers — for understanding
 * only: the original message is kept elsewhere and is what the bot quotes or logs.
 *
 * Three repairs, token by token, in this order:
 * 1. Chat shorthand (data/text/shorthand.json): "ko" → không, "2ng" → "2 người", "bn" →
 *    bạn or bao nhiêu by context. Money forms ("500k", "1tr5", "2 củ") are left to the amount
 *    parser.
 * 2. Telex / VNI leftovers from a keyboard that did not convert: "baor" → bảo, "hie6m3" → hiểm.
 * 3. Spelling: a token that is not a Vietnamese syllable (onset + rhyme + orthography, see
 *    `isVietnameseSyllable`) becomes the nearest lexicon syllable within edit distance 1 (2 from
 *    7 letters), compared folded, then by accents, then by frequency — only when one candidate
 *    is clearly best ("ngèo" → nghèo, "bảo hỉem" → hiểm). A valid accented syllable the lexicon
 *    lacks, while it knows the folded form, only loses the usual slips: a missing tone, hỏi/ngã
 *    swapped, new-style tone placement ("hiêm", "hiễm" → hiểm; "hoà" → hòa). Valid unaccented
 *    syllables are never changed ("tư nguyen", "ho ngheo"), nor numbers, codes, URLs, e-mails,
 *    all-caps or mixed-case words, names (capitalised mid-sentence), the abbreviations of
 *    data/text/abbreviations.json and the `keep` words of data/text/syllables.json.
 *
 * Diacritics stay consistent with the message: a message typed without any gets folded
 * insertions ("ko" → "khong"), because downstream rules read "nam/năm" or "dong bao"
 * differently with and without accents; an accented one gets accented insertions (a misspelt
 * unaccented word in it only when one accented spelling clearly dominates). A message mostly
 * typed in Telex/VNI leftovers (at least 2 decoded words and half of its words) counts as
 * accented: its writer meant the marks, and its toneless words are toneless on purpose;
 * `hadDiacritics` still reports the original (false).
 *
 * Normalising twice gives the result of normalising once (a unit property checks it).
 *
 * The lexicon (syllables the bot's domain uses) is built once per process, on first use: the
 * sample FAQ's questions and answers (data/knowledge/faq.json), the abbreviation and shorthand
 * expansions, and the common chat and everyday syllables of data/text/syllables.json. Core code
 * reads no files, so other texts (the knowledge notes) join through
 * `createCitizenNormalizer({ extraTexts })`; a unit test checks the default lexicon already
 * covers data/knowledge/notes/*.md.
 */

import * as z from 'zod';
import faqRaw from '../../../data/knowledge/faq.json' with { type: 'json' };
import shorthandRaw from '../../../data/text/shorthand.json' with { type: 'json' };
import syllablesRaw from '../../../data/text/syllables.json' with { type: 'json' };
import type { Decodes } from '../schema.js';
import { ABBREVIATIONS, hasDiacritics } from './analyze.js';
import { foldVietnamese } from './fold.js';

export type ChangeReason = 'shorthand' | 'telex' | 'spelling';

export interface NormalizationChange {
  readonly from: string;
  readonly to: string;
  readonly reason: ChangeReason;
}

export interface Normalized {
  /** The message with shorthand expanded, Telex/VNI decoded and misspellings corrected (NFC). */
  readonly text: string;
  /** `foldVietnamese(text)`. */
  readonly folded: string;
  /** Whether the original message had any diacritic. */
  readonly hadDiacritics: boolean;
  readonly changes: readonly NormalizationChange[];
}

/** Context of a shorthand entry: it holds when ANY listed condition holds. */
export interface ShorthandContext {
  /** Words just before (each item may be several words: "cảm ơn"), compared folded. */
  readonly prev?: readonly string[];
  /** Words just after, compared folded. */
  readonly next?: readonly string[];
  /** The previous word is a number ("500 k") or the form is glued to one ("2ng"). */
  readonly prevNumber?: boolean;
  readonly nextNumber?: boolean;
  /** Nothing follows in the sentence (end of message, or "?", ".", "!" next). */
  readonly end?: boolean;
  /** Nothing precedes in the sentence. */
  readonly start?: boolean;
  /** A single letter beside it ("a, b, c") or a list marker ("c)"). */
  readonly listLetter?: boolean;
}

export interface ShorthandEntry {
  readonly forms: readonly string[];
  /** With proper diacritics; folded when the message has none. */
  readonly expansion: string;
  readonly when?: ShorthandContext;
  readonly unless?: ShorthandContext;
  /** The form may be glued after digits ("2ng" → "2 người"). */
  readonly glued?: boolean;
  readonly comment?: string;
}

const shorthandContextSchema = z.object({
  prev: z.array(z.string().min(1)).optional(),
  next: z.array(z.string().min(1)).optional(),
  prevNumber: z.boolean().optional(),
  nextNumber: z.boolean().optional(),
  end: z.boolean().optional(),
  start: z.boolean().optional(),
  listLetter: z.boolean().optional(),
});
true satisfies Decodes<typeof shorthandContextSchema, ShorthandContext>;
const shorthandEntrySchema = z.object({
  forms: z.array(z.string().min(1)).min(1),
  expansion: z.string().min(1),
  when: shorthandContextSchema.optional(),
  unless: shorthandContextSchema.optional(),
  glued: z.boolean().optional(),
  comment: z.string().optional(),
});
true satisfies Decodes<typeof shorthandEntrySchema, ShorthandEntry>;

/** data/text/shorthand.json */
export const shorthandFileSchema = z.object({
  $comment: z.string().optional(),
  entries: z.array(shorthandEntrySchema),
});

/** data/text/syllables.json: folded form → its accented forms (space-separated), and words kept as typed. */
export const syllablesFileSchema = z.object({
  $comment: z.string().optional(),
  syllables: z.record(z.string().min(1), z.string().min(1)),
  keep: z.array(z.string().min(1)),
});

/**
 * What the lexicon takes from data/knowledge/faq.json: the words of its questions and answers
 * (the whole item is validated where the FAQ is seeded: faqDraftSchema in core/knowledge/faq.ts).
 */
const faqTextsSchema = z.object({
  items: z.array(z.object({ questions: z.array(z.string()), answer: z.string() })),
});

/** The data files above, validated once, when the first normaliser is built. */
let shipped:
  | {
      readonly shorthand: z.output<typeof shorthandFileSchema>;
      readonly syllables: z.output<typeof syllablesFileSchema>;
      readonly faq: z.output<typeof faqTextsSchema>;
    }
  | undefined;
function shippedData(): NonNullable<typeof shipped> {
  shipped ??= {
    shorthand: shorthandFileSchema.parse(shorthandRaw),
    syllables: syllablesFileSchema.parse(syllablesRaw),
    faq: faqTextsSchema.parse(faqRaw),
  };
  return shipped;
}

export interface NormalizerOptions {
  /** More texts whose syllables join the lexicon (e.g. the knowledge notes). */
  readonly extraTexts?: readonly string[];
  /** Shorthand table; default data/text/shorthand.json. */
  readonly shorthand?: readonly ShorthandEntry[];
}

export interface CitizenNormalizer {
  normalize(text: string): Normalized;
  /** Number of distinct accented syllables known. */
  readonly lexiconSize: number;
  /** Number of distinct folded syllables known. */
  readonly foldedLexiconSize: number;
  /** Whether a syllable (accented exactly, or folded when written without marks) is known. */
  knows(syllable: string): boolean;
  /** The lexicon's accented syllables, most frequent first. */
  syllables(): string[];
}

// ---------------------------------------------------------------------------------------------
// Orthography
// ---------------------------------------------------------------------------------------------

/** Tone marks by tone number: 0 ngang, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng (Telex s f r x j, VNI 1–5). */
const TONE_MARKS = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'] as const;
const TONE_OF_MARK = new Map<string, number>(TONE_MARKS.map((mark, tone) => [mark, tone]));
const VOWELS = 'aăâeêioôơuưy';
const MARKED_VOWELS = 'ăâêôơư';
const VIETNAMESE_LETTERS = /^[a-zđăâêôơư]+$/;
const FOLDED_LETTERS = /^[a-z]+$/;

/**
 * Every Vietnamese rhyme (medial + nucleus + final) as written after a consonant. "qu" and "gi"
 * absorb their u/i (handled in `rhymeFits`); "yê" is the written form of "iê" without onset.
 */
const RHYMES = `a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
  e ec em en eng eo ep et ê êch êm ên ênh êp êt êu i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
  o oc oi om on ong op ot ooc oong oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăp oăt
  oe oen oeo oet ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt u ua uc ui um un ung up ut uân uâng uât uây uê uêch
  uên uênh uêt uêu uy uya uych uyn uynh uyt uyu uyên uyêt uôc uôi uôm uôn uông uôt uơ ư ưa ưc ưi ưm ưn ưng ưt ưu
  ươc ươi ươm ươn ương ươp ươt ươu y yêm yên yêng yêt yêu`
  .split(/\s+/)
  .filter((rhyme) => rhyme !== '');
const RHYME_SET = new Set(RHYMES);
const FOLDED_RHYME_SET = new Set(RHYMES.map((rhyme) => foldVietnamese(rhyme)));
/** Longest onsets first; every onset that prefixes the syllable is tried. */
const ONSETS = [
  'ngh',
  'ng',
  'nh',
  'ch',
  'gh',
  'gi',
  'kh',
  'ph',
  'th',
  'tr',
  'qu',
  'b',
  'c',
  'd',
  'đ',
  'g',
  'h',
];
ONSETS.push('k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x', '');
/** "xoong", "boong", "moóc": the doubled o only follows these ("khoong" is Telex for không). */
const DOUBLE_O_ONSETS = new Set(['b', 'c', 'x', 's', 'm', 'l', 'r', 'v']);
const STOP_FINAL = /(?:c|ch|p|t)$/;

interface Parsed {
  readonly onset: string;
  readonly rest: string;
}

function rhymeFits(onset: string, rest: string, rhymes: ReadonlySet<string>): boolean {
  if (rest === '') return onset === 'gi';
  const front = /^[eêiy]/.test(rest);
  if (onset === 'qu') return !/^[uưo]/.test(rest) && (rhymes.has(`o${rest}`) || rhymes.has(`u${rest}`));
  if (onset === 'gi') return (rhymes.has(rest) && !rest.startsWith('i')) || rhymes.has(`i${rest}`);
  if (!rhymes.has(rest)) return false;
  if (/^(?:yê|ye)/.test(rest) && onset !== '') return false;
  if (onset === '' && /^(?:iê|ie)/.test(rest)) return false;
  if (/^oo/.test(rest) && !DOUBLE_O_ONSETS.has(onset.replace('đ', 'd'))) return false;
  switch (onset) {
    case 'k':
      return front;
    case 'gh':
    case 'ngh':
      return /^[eêi]/.test(rest);
    case 'c':
    case 'g':
    case 'ng':
      return !front;
    default:
      return true;
  }
}

function parseBase(base: string, rhymes: ReadonlySet<string>): Parsed | undefined {
  for (const onset of ONSETS) {
    if (!base.startsWith(onset)) continue;
    const rest = base.slice(onset.length);
    if (rhymeFits(onset, rest, rhymes)) return { onset, rest };
  }
  return undefined;
}

interface Toned {
  /** Lower case, NFC, vowel marks kept, tone removed. */
  readonly base: string;
  readonly tone: number;
  /** More than one tone mark. */
  readonly broken: boolean;
}

const tonedCache = new Map<string, Toned>();

/** Splits a lower-case syllable into its toneless base and its tone. */
function splitTone(syllable: string): Toned {
  const cached = tonedCache.get(syllable);
  if (cached) return cached;
  let base = '';
  let tone = 0;
  let marks = 0;
  for (const char of syllable.normalize('NFD')) {
    const found = char === '' ? undefined : TONE_OF_MARK.get(char);
    if (found !== undefined && found > 0) {
      tone = found;
      marks++;
    } else {
      base += char;
    }
  }
  const result = { base: base.normalize('NFC'), tone, broken: marks > 1 };
  if (tonedCache.size < 50_000) tonedCache.set(syllable, result);
  return result;
}

/** A lower-case syllable with at least one mark: exact orthography, including the tone. */
function validAccented(syllable: string): boolean {
  const { base, tone, broken } = splitTone(syllable);
  if (broken || !VIETNAMESE_LETTERS.test(base)) return false;
  const parsed = parseBase(base, RHYME_SET);
  if (!parsed) return false;
  // A syllable closed by c, ch, p or t only takes sắc or nặng.
  return !(STOP_FINAL.test(parsed.rest) && tone !== 1 && tone !== 5);
}

/** A lower-case syllable without marks: the folded form of some Vietnamese syllable. */
function validFolded(syllable: string): boolean {
  return FOLDED_LETTERS.test(syllable) && parseBase(syllable, FOLDED_RHYME_SET) !== undefined;
}

const foldCache = new Map<string, string>();

/** `foldVietnamese` of one token, remembered (tokens repeat across messages). */
function foldToken(token: string): string {
  let folded = foldCache.get(token);
  if (folded === undefined) {
    folded = foldVietnamese(token);
    if (foldCache.size >= 50_000) foldCache.clear();
    foldCache.set(token, folded);
  }
  return folded;
}

function hasMarks(lower: string): boolean {
  return lower !== foldToken(lower);
}

/**
 * Whether a token is one Vietnamese syllable: onset + rhyme with the spelling rules (ngh/gh
 * and k before e, ê, i; c, g, ng elsewhere; qu; gi; yê without onset), and a tone a stop final
 * allows. A token written without marks is valid when it is the folded form of such a syllable.
 */
export function isVietnameseSyllable(token: string): boolean {
  const lower = token.normalize('NFC').toLowerCase();
  return hasMarks(lower) ? validAccented(lower) : validFolded(lower);
}

/** Puts the tone on the vowel the (traditional) Vietnamese spelling puts it: hòa, thủy, người. */
function placeTone(base: string, tone: number): string | undefined {
  const parsed = parseBase(base, RHYME_SET);
  if (!parsed) return undefined;
  if (tone === 0) return base;
  const { onset, rest } = parsed;
  let clusterEnd = 0;
  while (clusterEnd < rest.length && VOWELS.includes(rest[clusterEnd] as string)) clusterEnd++;
  const cluster = rest.slice(0, clusterEnd);
  let index: number;
  if (cluster === '') {
    index = onset.length - 1; // "gì", "gìn": on the i of gi
  } else {
    let marked = -1;
    for (let i = cluster.length - 1; i >= 0; i--) {
      if (MARKED_VOWELS.includes(cluster[i] as string)) {
        marked = i;
        break;
      }
    }
    if (marked >= 0) index = marked;
    else if (clusterEnd < rest.length) index = cluster.length - 1;
    else index = cluster.length === 3 ? 1 : 0;
    index += onset.length;
  }
  return `${base.slice(0, index + 1)}${TONE_MARKS[tone]}${base.slice(index + 1)}`.normalize('NFC');
}

/** Tone and vowel-mark differences between two lower-case syllables (0 = same marks). */
function markDistance(a: string, b: string): number {
  const left = splitTone(a);
  const right = splitTone(b);
  let distance = left.tone === right.tone ? 0 : 1;
  const marksOf = (base: string): string[] => [...base].filter((char) => 'ăâêôơưđ'.includes(char));
  const rightMarks = marksOf(right.base);
  for (const mark of marksOf(left.base)) {
    const at = rightMarks.indexOf(mark);
    if (at >= 0) rightMarks.splice(at, 1);
    else distance++;
  }
  return distance + rightMarks.length;
}

/** The word and every string made by removing up to `depth` of its letters. */
function deletions(word: string, depth: number): Set<string> {
  const found = new Set<string>([word]);
  let frontier = [word];
  for (let level = 0; level < depth; level++) {
    const next: string[] = [];
    for (const current of frontier) {
      for (let i = 0; i < current.length; i++) {
        const shorter = current.slice(0, i) + current.slice(i + 1);
        if (!found.has(shorter)) {
          found.add(shorter);
          next.push(shorter);
        }
      }
    }
    frontier = next;
  }
  return found;
}

/** Optimal-string-alignment distance (a transposition counts 1), or max + 1 when above max. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1);
    row[0] = i;
    rows.push(row);
  }
  const first = rows[0] as number[];
  for (let j = 0; j <= b.length; j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    let best = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = value;
      if (value < best) best = value;
    }
    if (best > max) return max + 1;
  }
  return Math.min((rows[a.length] as number[])[b.length] as number, max + 1);
}

// ---------------------------------------------------------------------------------------------
// Telex and VNI
// ---------------------------------------------------------------------------------------------

const TELEX_TONES: Readonly<Record<string, number>> = { s: 1, f: 2, r: 3, x: 4, j: 5 };
const CIRCUMFLEX: Readonly<Record<string, string>> = { a: 'â', e: 'ê', o: 'ô' };
const HORN: Readonly<Record<string, string>> = { a: 'ă', o: 'ơ', u: 'ư' };

function isVowel(char: string | undefined): boolean {
  return char !== undefined && VOWELS.includes(char);
}

/** The vowel run that ends the letters typed so far, or starts after the last consonant run. */
function lastVowelRun(letters: readonly string[]): { start: number; end: number } | undefined {
  let end = letters.length;
  while (end > 0 && !isVowel(letters[end - 1])) end--;
  if (end === 0) return undefined;
  let start = end;
  while (start > 0 && isVowel(letters[start - 1])) start--;
  return { start, end };
}

/** Horn (Telex w, VNI 7) or breve (VNI 8): "uo" → ươ, else the last plain target of the last vowel run. */
function applyHook(letters: string[], targets: string): boolean {
  const run = lastVowelRun(letters);
  if (!run) return false;
  const quAt = (i: number) => i === 1 && letters[0] === 'q';
  for (let i = run.end - 1; i >= run.start; i--) {
    const char = letters[i] as string;
    if (!targets.includes(char) || (char === 'u' && quAt(i))) continue;
    letters[i] = HORN[char] as string;
    if (char === 'o' && i - 1 >= run.start && letters[i - 1] === 'u' && !quAt(i - 1)) letters[i - 1] = 'ư';
    return true;
  }
  return false;
}

function applyCircumflex(letters: string[], targets: string): boolean {
  const run = lastVowelRun(letters);
  if (!run) return false;
  for (let i = run.end - 1; i >= run.start; i--) {
    const char = letters[i] as string;
    if (targets.includes(char)) {
      letters[i] = CIRCUMFLEX[char] as string;
      return true;
    }
  }
  return false;
}

function finishDecoded(letters: readonly string[], tone: number): string | undefined {
  const placed = placeTone(letters.join(''), tone);
  return placed !== undefined && validAccented(placed) ? placed : undefined;
}

/** "baor" → bảo, "hieerm" → hiểm, "tuwj" → tự, "ddongs" → đóng; undefined when nothing decodes. */
function decodeTelex(lower: string): string | undefined {
  const letters: string[] = [];
  let tone = 0;
  let changed = false;
  for (const char of lower) {
    const hasVowel = letters.some(isVowel);
    const toneKey = TELEX_TONES[char];
    if (toneKey !== undefined && hasVowel) {
      if (tone !== 0) return undefined;
      tone = toneKey;
      changed = true;
    } else if (char === 'w') {
      if (!applyHook(letters, 'aou')) letters.push('ư');
      changed = true;
    } else if ((char === 'a' || char === 'e' || char === 'o') && hasVowel) {
      const last = letters[letters.length - 1];
      if (last === char) {
        letters[letters.length - 1] = CIRCUMFLEX[char] as string;
        changed = true;
      } else if (!isVowel(last) && applyCircumflex(letters, char)) {
        changed = true; // typed after the final consonant: "hiemer" → hiểm
      } else {
        letters.push(char);
      }
    } else if (char === 'd' && letters.length === 1 && letters[0] === 'd') {
      letters[0] = 'đ';
      changed = true;
    } else {
      letters.push(char);
    }
  }
  return changed ? finishDecoded(letters, tone) : undefined;
}

/** "bao3" → bảo, "hie6m3" → hiểm, "d9u7o7c5" → được. */
function decodeVni(lower: string): string | undefined {
  const letters: string[] = [];
  let tone = 0;
  for (const char of lower) {
    if (char >= '1' && char <= '5') {
      if (tone !== 0 || !letters.some(isVowel)) return undefined;
      tone = Number(char);
    } else if (char === '6') {
      if (!applyCircumflex(letters, 'aeo')) return undefined;
    } else if (char === '7') {
      if (!applyHook(letters, 'ou')) return undefined;
    } else if (char === '8') {
      if (!applyHook(letters, 'a')) return undefined;
    } else if (char === '9') {
      const at = letters.indexOf('d');
      if (at < 0) return undefined;
      letters[at] = 'đ';
    } else if (/[0-9]/.test(char)) {
      return undefined;
    } else {
      letters.push(char);
    }
  }
  return finishDecoded(letters, tone);
}

// ---------------------------------------------------------------------------------------------
// Lexicon
// ---------------------------------------------------------------------------------------------

interface Variant {
  readonly form: string;
  readonly count: number;
}

interface Lexicon {
  /** Folded syllable → its accented forms, most frequent first. */
  readonly variants: ReadonlyMap<string, readonly Variant[]>;
  /** Folded syllable → total count. */
  readonly frequency: ReadonlyMap<string, number>;
  readonly accented: ReadonlySet<string>;
  /** Toneless base + tone → the lexicon's spelling (tone placement as the lexicon writes it). */
  readonly bySignature: ReadonlyMap<string, string>;
  /**
   * Folded correction targets under each of their deletion variants (up to 1 letter removed,
   * up to 2 for targets of 5 letters or more): a token's own deletion variants find every
   * target within its edit distance (SymSpell), without scanning the whole lexicon.
   */
  readonly targetsByDeletion: ReadonlyMap<string, readonly string[]>;
  /** Lower-case tokens never corrected: foreign words, abbreviations, non-syllables of the corpus. */
  readonly protectedWords: ReadonlySet<string>;
  /**
   * Folded shorthand forms that expand to something else ("e" → em, "hong" → không): no
   * decoding or correction may produce one, or normalising twice would differ from once.
   */
  readonly shorthandForms: ReadonlySet<string>;
}

const WORD_PATTERN = /[\p{L}\p{M}]+/gu;

function signature(lower: string): string {
  const { base, tone } = splitTone(lower);
  return `${base}|${tone}`;
}

function buildLexicon(extraTexts: readonly string[], shorthand: readonly ShorthandEntry[]): Lexicon {
  const counts = new Map<string, Map<string, number>>();
  const protectedWords = new Set<string>();
  const add = (word: string, weight: number): void => {
    const lower = word.normalize('NFC').toLowerCase();
    const valid = hasMarks(lower) ? validAccented(lower) : validFolded(lower);
    if (!valid) {
      protectedWords.add(lower);
      protectedWords.add(foldVietnamese(lower));
      return;
    }
    const folded = foldVietnamese(lower);
    const forms = counts.get(folded) ?? new Map<string, number>();
    forms.set(lower, (forms.get(lower) ?? 0) + weight);
    counts.set(folded, forms);
  };
  const addText = (text: string, weight = 1): void => {
    for (const match of text.matchAll(WORD_PATTERN)) add(match[0], weight);
  };

  const { syllables, faq } = shippedData();
  // The listed order is a hint (first form 2, others 1); the FAQ's own counts outweigh it.
  for (const forms of Object.values(syllables.syllables)) {
    forms
      .split(/\s+/)
      .filter((form) => form !== '')
      .forEach((form, rank) => {
        add(form, rank === 0 ? 2 : 1);
      });
  }
  for (const item of faq.items) {
    for (const question of item.questions) addText(question);
    addText(item.answer);
  }
  for (const text of extraTexts) addText(text);
  for (const entry of ABBREVIATIONS.entries) {
    addText(entry.expansion);
    for (const form of entry.forms) {
      if (!/\s/.test(form)) protectedWords.add(foldVietnamese(form));
    }
  }
  for (const entry of shorthand) addText(entry.expansion);
  for (const word of syllables.keep) protectedWords.add(word.normalize('NFC').toLowerCase());

  const shorthandForms = new Set<string>();
  for (const entry of shorthand) {
    const expansion = foldVietnamese(entry.expansion);
    for (const form of entry.forms) {
      const folded = foldVietnamese(form);
      if (folded !== expansion) shorthandForms.add(folded);
    }
  }
  const variants = new Map<string, Variant[]>();
  const frequency = new Map<string, number>();
  const accented = new Set<string>();
  const bySignature = new Map<string, string>();
  const targets = new Map<string, string[]>();
  for (const [folded, forms] of counts) {
    const sorted = [...forms]
      .map(([form, count]) => ({ form, count }))
      .sort((a, b) => b.count - a.count || (a.form < b.form ? -1 : 1));
    variants.set(folded, sorted);
    frequency.set(
      folded,
      sorted.reduce((sum, variant) => sum + variant.count, 0),
    );
    for (const { form } of sorted) {
      accented.add(form);
      const key = signature(form);
      if (!bySignature.has(key)) bySignature.set(key, form);
    }
    if (!shorthandForms.has(folded) && !protectedWords.has(folded)) {
      for (const variant of deletions(folded, folded.length >= 5 ? 2 : 1)) {
        const list = targets.get(variant) ?? [];
        list.push(folded);
        targets.set(variant, list);
      }
    }
  }
  return {
    variants,
    frequency,
    accented,
    bySignature,
    targetsByDeletion: targets,
    protectedWords,
    shorthandForms,
  };
}

// ---------------------------------------------------------------------------------------------
// Shorthand
// ---------------------------------------------------------------------------------------------

interface CompiledContext {
  readonly prev: readonly (readonly string[])[];
  readonly next: readonly (readonly string[])[];
  readonly prevNumber: boolean;
  readonly nextNumber: boolean;
  readonly end: boolean;
  readonly start: boolean;
  readonly listLetter: boolean;
}

interface CompiledEntry {
  readonly accented: string;
  readonly folded: string;
  readonly when: CompiledContext | undefined;
  readonly unless: CompiledContext | undefined;
  readonly glued: boolean;
}

function compileContext(context: ShorthandContext | undefined): CompiledContext | undefined {
  if (!context) return undefined;
  const phrases = (list: readonly string[] | undefined) =>
    (list ?? []).map((phrase) => foldVietnamese(phrase).split(' '));
  return {
    // Nearest word first, as `neighbourWords` lists them.
    prev: phrases(context.prev).map((phrase) => [...phrase].reverse()),
    next: phrases(context.next),
    prevNumber: context.prevNumber === true,
    nextNumber: context.nextNumber === true,
    end: context.end === true,
    start: context.start === true,
    listLetter: context.listLetter === true,
  };
}

function compileShorthand(entries: readonly ShorthandEntry[]): Map<string, CompiledEntry[]> {
  const table = new Map<string, CompiledEntry[]>();
  for (const entry of entries) {
    const accented = entry.expansion.normalize('NFC');
    const compiled: CompiledEntry = {
      accented,
      folded: foldVietnamese(accented),
      when: compileContext(entry.when),
      unless: compileContext(entry.unless),
      glued: entry.glued === true,
    };
    for (const form of entry.forms) {
      const key = form.normalize('NFC').toLowerCase();
      const list = table.get(key) ?? [];
      list.push(compiled);
      table.set(key, list);
    }
  }
  return table;
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/** What a token became, in both spellings (which one is written depends on the message). */
interface Resolution {
  readonly accented: string;
  readonly folded: string;
  readonly reason: ChangeReason;
}

interface WordItem {
  readonly kind: 'word';
  /** As typed (NFC). */
  readonly source: string;
  readonly lower: string;
  /** `lower` folded. */
  readonly folded: string;
  /** Digits this shorthand was glued to ("2" of "2ng"). */
  readonly gluedNumber: string;
  /** Letters part for shorthand lookup (the whole lower token, or "ng" of "2ng"). */
  readonly key: string;
  readonly pending: readonly CompiledEntry[] | undefined;
  resolution: Resolution | undefined;
  /** A Telex/VNI decode happened (counts toward "typed in Telex"). */
  readonly decoded: boolean;
}

interface SeparatorItem {
  readonly kind: 'separator';
  readonly source: string;
  /** Ends a sentence for context purposes. */
  readonly boundary: boolean;
}

type Item = WordItem | SeparatorItem;

/** A word as typed, with nothing resolved yet; callers set what they know. */
function wordToken(source: string, lower: string): WordItem {
  return {
    kind: 'word',
    source,
    lower,
    folded: foldToken(lower),
    gluedNumber: '',
    key: source,
    pending: undefined,
    resolution: undefined,
    decoded: false,
  };
}

const URL_PATTERN = String.raw`(?:https?:\/\/|www\.)[^\s]*[^\s.,!?;:)\]}"'…]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+`;
const SENTENCE_BOUNDARY = /[.!?;:\n…]/;
const HARD_GLUE = /[-_.@'’&#+=]/;

interface TokenAnalysis {
  readonly resolution: Resolution | undefined;
  readonly decoded: boolean;
}

interface TokenFlags {
  /** Joined to another word by - _ . @ and the like (part of an identifier or e-mail). */
  readonly hardGlued: boolean;
  /** Joined by a slash ("vk/ck"). */
  readonly slashGlued: boolean;
  /** Capitalised and not the first word of its sentence: likely a name. */
  readonly properNoun: boolean;
}

const ALNUM = /[\p{L}\p{N}]/u;

function alnum(char: string): boolean {
  return ALNUM.test(char);
}

function applyCase(source: string, replacement: string): string {
  const letters = source.replace(/[^\p{L}]/gu, '');
  const upper = letters.toUpperCase();
  if (letters.length >= 2 && letters === upper && letters !== letters.toLowerCase()) {
    return replacement.toUpperCase();
  }
  const first = letters[0];
  if (first !== undefined && first !== first.toLowerCase()) {
    return (replacement[0] ?? '').toUpperCase() + replacement.slice(1);
  }
  return replacement;
}

class Normalizer implements CitizenNormalizer {
  private readonly lexicon: Lexicon;
  private readonly shorthand: ReadonlyMap<string, readonly CompiledEntry[]>;
  private readonly tokenPattern: RegExp;
  private readonly cache = new Map<string, TokenAnalysis>();

  constructor(options: NormalizerOptions) {
    const entries = options.shorthand ?? shippedData().shorthand.entries;
    this.shorthand = compileShorthand(entries);
    this.lexicon = buildLexicon(options.extraTexts ?? [], entries);
    const phraseForms = [...this.shorthand.keys()]
      .filter((form) => /[^\p{L}\p{M}]/u.test(form))
      .sort((a, b) => b.length - a.length)
      .map((form) => form.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    // Forms with a slash ("a/c") are matched whole, before words split them.
    const phrase =
      phraseForms.length > 0
        ? `(?<![\\p{L}\\p{M}\\p{N}])(?:${phraseForms.join('|')})(?![\\p{L}\\p{M}\\p{N}])`
        : '(?!)';
    this.tokenPattern = new RegExp(
      `(${URL_PATTERN})|(${phrase})|([\\p{L}\\p{M}\\p{N}]+)|([^\\p{L}\\p{M}\\p{N}]+)`,
      'giu',
    );
  }

  get lexiconSize(): number {
    return this.lexicon.accented.size;
  }

  get foldedLexiconSize(): number {
    return this.lexicon.variants.size;
  }

  knows(syllable: string): boolean {
    const lower = syllable.normalize('NFC').toLowerCase();
    return hasMarks(lower) ? this.lexicon.accented.has(lower) : this.lexicon.variants.has(lower);
  }

  syllables(): string[] {
    return [...this.lexicon.variants.values()]
      .flat()
      .sort((a, b) => b.count - a.count || (a.form < b.form ? -1 : 1))
      .map((variant) => variant.form);
  }

  normalize(input: string): Normalized {
    const text = input.normalize('NFC');
    const hadDiacritics = hasDiacritics(text);
    const items = this.tokenize(text);
    this.resolveShorthand(items);

    let decoded = 0;
    let wordCount = 0;
    for (const item of items) {
      if (item.kind !== 'word') continue;
      if (item.decoded || /^\p{L}+$/u.test(item.source)) wordCount++;
      if (item.decoded) decoded++;
    }
    const accented = hadDiacritics || (decoded >= 2 && decoded * 2 >= wordCount);

    let output = '';
    const changes: NormalizationChange[] = [];
    for (const item of items) {
      if (item.kind === 'separator' || !item.resolution) {
        output += item.source;
        continue;
      }
      const chosen = accented ? item.resolution.accented : item.resolution.folded;
      const cased = applyCase(item.gluedNumber === '' ? item.source : item.key, chosen);
      const to = item.gluedNumber === '' ? cased : `${item.gluedNumber} ${cased}`;
      output += to;
      if (to !== item.source) changes.push({ from: item.source, to, reason: item.resolution.reason });
    }
    return { text: output, folded: foldVietnamese(output), hadDiacritics, changes };
  }

  private tokenize(text: string): Item[] {
    const items: Item[] = [];
    let sentenceHasWord = false;
    for (const match of text.matchAll(this.tokenPattern)) {
      const [whole, url, phrase, word] = match;
      const start = match.index;
      if (url !== undefined) {
        items.push({ kind: 'separator', source: whole, boundary: false });
        sentenceHasWord = true;
        continue;
      }
      if (word === undefined && phrase === undefined) {
        // "1.500.000", "gov.vn", "22/9": a single mark between two characters ends nothing.
        const inside =
          whole.length === 1 &&
          /[\p{L}\p{N}]/u.test(text[start - 1] ?? ' ') &&
          /[\p{L}\p{N}]/u.test(text[start + 1] ?? ' ');
        const boundary = !inside && SENTENCE_BOUNDARY.test(whole);
        items.push({ kind: 'separator', source: whole, boundary });
        if (boundary) sentenceHasWord = false;
        continue;
      }
      const before = text[start - 1] ?? ' ';
      const beforeThat = text[start - 2] ?? ' ';
      const after = text[start + whole.length] ?? ' ';
      const afterThat = text[start + whole.length + 1] ?? ' ';
      const flags: TokenFlags = {
        hardGlued:
          (HARD_GLUE.test(before) && alnum(beforeThat)) || (HARD_GLUE.test(after) && alnum(afterThat)),
        slashGlued: (before === '/' && alnum(beforeThat)) || (after === '/' && alnum(afterThat)),
        properNoun: sentenceHasWord && /^\p{Lu}/u.test(whole),
      };
      items.push(this.wordItem(whole, flags));
      sentenceHasWord = true;
    }
    return items;
  }

  private wordItem(source: string, flags: TokenFlags): WordItem {
    const lower = source.toLowerCase();
    const glued = /^(\d+)(\p{L}+)$/u.exec(lower);
    if (glued) {
      const [, digits, rest] = glued as unknown as [string, string, string];
      const entries = this.shorthand.get(rest)?.filter((entry) => entry.glued);
      if (entries && entries.length > 0) {
        return {
          ...wordToken(source, lower),
          gluedNumber: source.slice(0, digits.length),
          key: source.slice(digits.length),
          pending: entries,
        };
      }
    }
    const entries = this.shorthand.get(lower);
    const singleLetter = [...lower].length === 1;
    const shorthandAllowed =
      entries !== undefined &&
      !flags.hardGlued &&
      !(singleLetter && (flags.slashGlued || (flags.properNoun && source !== lower)));
    if (shorthandAllowed) {
      return { ...wordToken(source, lower), pending: entries };
    }
    const cacheKey = `${flags.hardGlued ? 1 : 0}${flags.properNoun ? 1 : 0}${source}`;
    let analysis = this.cache.get(cacheKey);
    if (!analysis) {
      analysis = this.analyze(source, lower, flags);
      if (this.cache.size >= 20_000) this.cache.clear();
      this.cache.set(cacheKey, analysis);
    }
    return { ...wordToken(source, lower), resolution: analysis.resolution, decoded: analysis.decoded };
  }

  /** Telex/VNI decoding and spelling for one token, independent of its neighbours. */
  private analyze(source: string, lower: string, flags: TokenFlags): TokenAnalysis {
    const keep: TokenAnalysis = { resolution: undefined, decoded: false };
    if (flags.hardGlued) return keep;
    if (/\p{N}/u.test(lower)) return this.analyzeVni(source, lower);
    if (this.lexicon.protectedWords.has(lower)) return keep;
    const letters = source.replace(/[^\p{L}]/gu, '');
    // Acronyms, codes and brand spellings: "BHXH", "VssID", "GD" (all-caps words included).
    if (/\p{Lu}/u.test(letters.slice(1))) return keep;
    const folded = foldToken(lower);
    if (!FOLDED_LETTERS.test(folded)) return keep;
    const marked = hasMarks(lower);
    const valid = marked ? validAccented(lower) : validFolded(lower);

    if (valid) {
      if (!marked || flags.properNoun || this.lexicon.accented.has(lower)) return keep;
      if (!this.lexicon.variants.has(folded)) return keep;
      return { resolution: this.markFix(lower, folded), decoded: false };
    }

    const telex = decodeTelex(lower);
    if (telex !== undefined) {
      const telexFolded = foldToken(telex);
      const known = this.lexicon.variants.has(telexFolded);
      if ((known || [...lower].length >= 4) && !this.lexicon.shorthandForms.has(telexFolded)) {
        return {
          resolution: { accented: this.known(telex), folded: telexFolded, reason: 'telex' },
          decoded: true,
        };
      }
    }
    if (flags.properNoun) return keep;
    return { resolution: this.correct(lower, folded, marked), decoded: false };
  }

  private analyzeVni(source: string, lower: string): TokenAnalysis {
    const keep: TokenAnalysis = { resolution: undefined, decoded: false };
    if (!/^\p{Ll}[\p{Ll}1-9]*$/u.test(lower) || /\p{Lu}/u.test(source.slice(1))) return keep;
    const letterCount = lower.replace(/\d/g, '').length;
    if (lower.length < 3 || letterCount < 2) return keep;
    const decoded = decodeVni(lower);
    if (decoded === undefined) return keep;
    const folded = foldToken(decoded);
    if (!this.lexicon.variants.has(folded) || this.lexicon.shorthandForms.has(folded)) return keep;
    return { resolution: { accented: this.known(decoded), folded, reason: 'telex' }, decoded: true };
  }

  /** A decoded syllable as the lexicon spells it, or its nearest known accent when it is unknown. */
  private known(syllable: string): string {
    if (this.lexicon.accented.has(syllable)) return syllable;
    const same = this.lexicon.bySignature.get(signature(syllable));
    if (same) return same;
    const folded = foldToken(syllable);
    if (!this.lexicon.variants.has(folded)) return syllable;
    return this.markFix(syllable, folded)?.accented ?? syllable;
  }

  /**
   * A valid accented syllable the lexicon does not know, whose folded form it knows: taken as a
   * wrong accent only for the usual slips — the tone left out ("hiêm" → hiểm), hỏi typed for
   * ngã or the reverse ("hiễm" → hiểm), or the tone on another vowel ("hoà" → hòa). Any other
   * difference is more likely a real word the lexicon lacks, kept as typed.
   */
  private markFix(lower: string, folded: string): Resolution | undefined {
    const same = this.lexicon.bySignature.get(signature(lower));
    if (same) return { accented: same, folded, reason: 'spelling' };
    const typed = splitTone(lower);
    const scored = (this.lexicon.variants.get(folded) ?? [])
      .filter((variant) => {
        const known = splitTone(variant.form);
        if (known.base !== typed.base) return false;
        return (
          typed.tone === 0 || (typed.tone === 3 && known.tone === 4) || (typed.tone === 4 && known.tone === 3)
        );
      })
      .map((variant) => ({ form: variant.form, folded, score: 0, count: variant.count }));
    const best = clearBest(scored);
    return best ? { accented: best.form, folded, reason: 'spelling' } : undefined;
  }

  /**
   * The accented form to insert for a correction of a token typed without marks: the lexicon's
   * usual spelling when one clearly dominates ("nguoii" → người), else the folded syllable, as
   * typed (guessing "khan" as khăn or khẩn would invent a meaning).
   */
  private dominantForm(folded: string): string {
    const [first, second] = this.lexicon.variants.get(folded) ?? [];
    if (!first) return folded;
    return !second || first.count > 2 * second.count ? first.form : folded;
  }

  /** Nearest lexicon syllable of a token that is not a Vietnamese syllable. */
  private correct(lower: string, folded: string, marked: boolean): Resolution | undefined {
    if (folded.length < 2 || !/[aeiouy]/.test(folded)) return undefined;
    // Chat spellings of onsets: f → ph, j → gi, z/dz → v, w → qu.
    for (const [pattern, replacement] of ORTHOGRAPHIC_REWRITES) {
      if (!pattern.test(lower)) continue;
      const rewritten = lower.replace(pattern, replacement);
      const rewrittenFolded = foldToken(rewritten);
      if (!this.lexicon.variants.has(rewrittenFolded) || this.lexicon.shorthandForms.has(rewrittenFolded))
        continue;
      const valid = hasMarks(rewritten) ? validAccented(rewritten) : validFolded(rewritten);
      if (!valid) continue;
      const accented = hasMarks(rewritten) ? this.known(rewritten) : this.dominantForm(rewrittenFolded);
      return { accented, folded: rewrittenFolded, reason: 'spelling' };
    }
    if (folded.length < 3) return undefined;
    const max = folded.length >= 7 ? 2 : 1;
    const scored: Scored[] = [];
    const targets = new Set<string>();
    for (const variant of deletions(folded, max)) {
      for (const target of this.lexicon.targetsByDeletion.get(variant) ?? []) targets.add(target);
    }
    for (const target of targets) {
      const distance = target === folded ? 0 : editDistance(folded, target, max);
      if (distance > max) continue;
      if (!marked) {
        scored.push({
          form: target,
          folded: target,
          score: distance,
          count: this.lexicon.frequency.get(target) ?? 0,
        });
        continue;
      }
      for (const variant of this.lexicon.variants.get(target) ?? []) {
        scored.push({
          form: variant.form,
          folded: target,
          score: distance * 3 + markDistance(lower, variant.form),
          count: variant.count,
        });
      }
    }
    const best = clearBest(scored);
    if (!best) return undefined;
    const accented = marked ? best.form : this.dominantForm(best.folded);
    return { accented, folded: best.folded, reason: 'spelling' };
  }

  /**
   * Shorthand whose meaning depends on its neighbours, resolved until nothing changes: each
   * pending form looks at the words around it as they stand (already expanded neighbours
   * included), so normalising the result again gives the same decisions.
   */
  private resolveShorthand(items: Item[]): void {
    const pending = items
      .map((item, index) => ({ item, index }))
      .filter(
        (entry): entry is { item: WordItem; index: number } =>
          entry.item.kind === 'word' && !!entry.item.pending,
      );
    for (let round = 0; round < 4; round++) {
      let changed = false;
      for (const { item, index } of pending) {
        if (item.resolution) continue;
        const entry = (item.pending ?? []).find(
          (candidate) =>
            !(candidate.unless && this.contextHolds(candidate.unless, items, index)) &&
            (!candidate.when || this.contextHolds(candidate.when, items, index)),
        );
        if (!entry) continue;
        item.resolution = { accented: entry.accented, folded: entry.folded, reason: 'shorthand' };
        changed = true;
      }
      if (!changed) break;
    }
  }

  private contextHolds(context: CompiledContext, items: readonly Item[], index: number): boolean {
    const item = items[index] as WordItem;
    // Neighbours within the clause: in "tổng 5 năm bn, nhà không phải hộ nghèo" the word after
    // the comma is no context for "bn".
    const before = neighbourWords(items, index, -1, true);
    const after = neighbourWords(items, index, 1, true);
    if (context.prevNumber) {
      if (item.gluedNumber !== '') return true;
      const previous = before.words[0];
      if (previous !== undefined && before.adjacent && /\d$/.test(previous)) return true;
    }
    if (context.nextNumber && after.words[0] !== undefined && /^\d/.test(after.words[0])) return true;
    if (context.end && after.words.length === 0) return true;
    if (context.start && before.words.length === 0) return true;
    if (context.listLetter) {
      // "a, b, c" or "c)" / "(c": letters of a list, not chat shorthand.
      if (listedLetter(neighbourWords(items, index, -1)) || listedLetter(neighbourWords(items, index, 1)))
        return true;
      if (/^\)/.test(items[index + 1]?.source ?? '') || /\($/.test(items[index - 1]?.source ?? ''))
        return true;
    }
    return phraseMatches(context.prev, before.words) || phraseMatches(context.next, after.words);
  }
}

function listedLetter(side: Neighbours): boolean {
  const word = side.words[0];
  return word !== undefined && word.length === 1 && word >= 'a' && word <= 'z' && side.gap.includes(',');
}

/** Whether one of the phrases is the words nearest first (`words` runs away from the item). */
function phraseMatches(phrases: readonly (readonly string[])[], words: readonly string[]): boolean {
  for (const phrase of phrases) {
    if (phrase.length > words.length) continue;
    let all = true;
    for (let offset = 0; offset < phrase.length && all; offset++) {
      all = words[offset] === phrase[offset];
    }
    if (all) return true;
  }
  return false;
}

interface Scored {
  readonly form: string;
  readonly folded: string;
  readonly score: number;
  readonly count: number;
}

/** The lowest score; on a tie, a candidate at least twice as frequent as the next. */
function clearBest<T extends { readonly score: number; readonly count: number }>(
  scored: readonly T[],
): T | undefined {
  const sorted = [...scored].sort((a, b) => a.score - b.score || b.count - a.count);
  const [best, second] = sorted;
  if (!best) return undefined;
  if (second && second.score === best.score && best.count < 2 * second.count) return undefined;
  return best;
}

const ORTHOGRAPHIC_REWRITES: readonly (readonly [RegExp, string])[] = [
  [/^f/, 'ph'],
  [/^j/, 'gi'],
  [/^dz/, 'v'],
  [/^z/, 'v'],
  [/^w/, 'qu'],
];

interface Neighbours {
  /** Up to 4 folded words, nearest first (expanded shorthand counts as its words). */
  readonly words: readonly string[];
  /** What separates the item from the nearest word. */
  readonly gap: string;
  /** Only spaces separate them. */
  readonly adjacent: boolean;
}

/** The words on one side of item `index`, within its sentence. */
function neighbourWords(items: readonly Item[], index: number, step: 1 | -1, inClause = false): Neighbours {
  const words: string[] = [];
  let gap = '';
  let found = false;
  for (let i = index + step; i >= 0 && i < items.length && words.length < 4; i += step) {
    const item = items[i] as Item;
    if (item.kind === 'separator') {
      if (item.boundary || (inClause && /[,;:]/.test(item.source))) break;
      if (!found) gap += item.source;
      continue;
    }
    found = true;
    if (!item.resolution) {
      words.push(item.folded);
      continue;
    }
    const parts = item.resolution.folded.split(' ');
    if (item.gluedNumber !== '') parts.unshift(item.gluedNumber);
    if (step === -1) parts.reverse();
    words.push(...parts);
  }
  return { words, gap, adjacent: gap.trim() === '' };
}

let sharedNormalizer: Normalizer | undefined;

/** A normaliser with its own lexicon (built at once); the default one is `normalizeCitizenText`. */
export function createCitizenNormalizer(options: NormalizerOptions = {}): CitizenNormalizer {
  return new Normalizer(options);
}

/** The normaliser configured from data/text and the sample FAQ; its lexicon is built on first use. */
export function defaultCitizenNormalizer(): CitizenNormalizer {
  sharedNormalizer ??= new Normalizer({});
  return sharedNormalizer;
}

/** What a citizen typed, readable by the rule parsers and matchers (see the module comment). */
export function normalizeCitizenText(text: string): Normalized {
  return defaultCitizenNormalizer().normalize(text);
}
