/**
 * Vietnamese text analysis for search: NFC, lower case, accent folding with the exact form
 * kept alongside, abbreviation expansion (data/text/abbreviations.json), stopwords
 * (data/text/stopwords.json), and syllable bigrams.
 *
 * Vietnamese words are mostly two syllables ("bảo hiểm", "tự nguyện"); a syllable alone is
 * very ambiguous once accents are gone ("tu" = tự / từ / tư / tù), so adjacent syllables are
 * indexed as one more term. Every term is in folded form, so a question typed without
 * accents matches exactly the same terms as the accented one; accented questions also emit
 * `~`-prefixed exact-syllable terms, which only add score (an exact-accent match may rank
 * higher, never lower).
 */
import * as z from 'zod';
import abbreviationsRaw from '../../../data/text/abbreviations.json' with { type: 'json' };
import stopwordsRaw from '../../../data/text/stopwords.json' with { type: 'json' };
import type { Decodes } from '../schema.js';
import { foldVietnamese, toNfc } from './fold.js';

/** Bump when the analysis changes: serialised indexes built with another version are rebuilt. */
export const ANALYZER_VERSION = 5;

export interface Token {
  /** Lower-case NFC syllable as written (or as expanded from an abbreviation). */
  readonly exact: string;
  /** Folded syllable: no diacritics, đ→d. */
  readonly folded: string;
  /** True when punctuation separates this token from the previous one (no bigram across). */
  readonly boundary: boolean;
}

export type TermKind = 'word' | 'pair' | 'exact';

export interface QueryTerm {
  readonly term: string;
  readonly kind: TermKind;
}

export interface AbbreviationEntry {
  readonly forms: readonly string[];
  readonly expansion: string;
  readonly scope: 'all' | 'query';
}

/** Words that mean the same here: a question using one also searches for the others. */
export interface SynonymEntry {
  readonly words: readonly string[];
}

const abbreviationEntrySchema = z.object({
  forms: z.array(z.string().min(1)).min(1),
  expansion: z.string().min(1),
  scope: z.enum(['all', 'query']),
});
true satisfies Decodes<typeof abbreviationEntrySchema, AbbreviationEntry>;
const synonymEntrySchema = z.object({ words: z.array(z.string().min(1)).min(2) });
true satisfies Decodes<typeof synonymEntrySchema, SynonymEntry>;

/** data/text/abbreviations.json */
export const abbreviationsFileSchema = z.object({
  $comment: z.string().optional(),
  entries: z.array(abbreviationEntrySchema),
  synonyms: z.array(synonymEntrySchema),
});
/** data/text/stopwords.json */
export const stopwordsFileSchema = z.object({
  $comment: z.string().optional(),
  words: z.array(z.string().min(1)),
  questionPhrases: z.array(z.string().min(1)),
});

/** The abbreviations shipped in data/text, validated when the module loads (also read by normalize.ts). */
export const ABBREVIATIONS = abbreviationsFileSchema.parse(abbreviationsRaw);
const STOPWORDS = stopwordsFileSchema.parse(stopwordsRaw);

export interface AnalyzerOptions {
  readonly abbreviations?: readonly AbbreviationEntry[];
  readonly synonyms?: readonly SynonymEntry[];
  readonly stopwords?: readonly string[];
  /**
   * Question phrases ("bao nhiêu"): what a question asks, never what a passage says. In a
   * question they give no terms and no pairs with their neighbours.
   */
  readonly questionPhrases?: readonly string[];
}

export type AnalysisMode = 'index' | 'query';

/**
 * Syllables; numbers with their inner separators (3.781,68 · 22/9/2021) kept whole; and the
 * percent sign, which the abbreviation table reads as "phần trăm" ("92,3%" ↔ "bao nhiêu phần trăm").
 */
const TOKEN_PATTERN = /[\p{L}\p{M}]+|\p{N}+(?:[.,/]\p{N}+)*|%/gu;
/** A written date, day/month/year or month/year. */
const DATE_PATTERN = /^(?:(\d{1,2})\/)?(\d{1,2})\/(\d{4})$/;
/** Punctuation that ends a phrase: no bigram spans it. */
const BOUNDARY_PATTERN = /[.!?;:()[\]"“”…\n\t|]/;
const DIACRITIC_PATTERN = /[\u0300-\u036f]/;

export const EXACT_PREFIX = '~';
export const PAIR_SEPARATOR = '_';

/** Whether the text contains any Vietnamese diacritic (tone or vowel mark, or đ). */
export function hasDiacritics(text: string): boolean {
  return DIACRITIC_PATTERN.test(text.normalize('NFD')) || /[đĐ]/.test(text);
}

interface Expansion {
  readonly tokens: readonly { exact: string; folded: string }[];
  readonly scope: 'all' | 'query';
}

export class VietnameseAnalyzer {
  private readonly expansions = new Map<string, Expansion>();
  /** Forms of more than one syllable ("1 lần"), as folded syllables. */
  private readonly phraseExpansions: Array<{
    readonly form: readonly string[];
    readonly expansion: Expansion;
  }> = [];
  private readonly stopwords: ReadonlySet<string>;
  /**
   * Folded phrase (syllables joined by spaces) → its written syllables and the other phrases
   * of its group (folded), one entry per written form.
   */
  private readonly synonyms = new Map<string, { exact: readonly string[]; others: readonly string[] }[]>();
  private readonly longestSynonym: number;
  /** Folded question phrases, as syllable lists. */
  private readonly questionPhrases: readonly (readonly string[])[];
  private readonly foldCache = new Map<string, string>();

  constructor(options: AnalyzerOptions = {}) {
    const entries = options.abbreviations ?? ABBREVIATIONS.entries;
    for (const entry of entries) {
      const tokens = splitSyllables(toNfc(entry.expansion).toLowerCase()).map((exact) => ({
        exact,
        folded: foldVietnamese(exact),
      }));
      for (const form of entry.forms) {
        const folded = foldVietnamese(form);
        const syllables = splitSyllables(folded);
        const expansion = { tokens, scope: entry.scope };
        if (syllables.length > 1) this.phraseExpansions.push({ form: syllables, expansion });
        else this.expansions.set(folded, expansion);
      }
    }
    this.stopwords = new Set((options.stopwords ?? STOPWORDS.words).map((word) => foldVietnamese(word)));
    let longest = 0;
    for (const group of options.synonyms ?? ABBREVIATIONS.synonyms) {
      const phrases = group.words.map((word) => foldVietnamese(word));
      group.words.forEach((word, index) => {
        const phrase = phrases[index] as string;
        const entries = this.synonyms.get(phrase) ?? [];
        entries.push({
          exact: splitSyllables(toNfc(word).toLowerCase()),
          others: phrases.filter((other) => other !== phrase),
        });
        this.synonyms.set(phrase, entries);
        longest = Math.max(longest, phrase.split(' ').length);
      });
    }
    this.longestSynonym = longest;
    this.questionPhrases = (options.questionPhrases ?? STOPWORDS.questionPhrases)
      .map((phrase) => splitSyllables(foldVietnamese(phrase).toLowerCase()))
      .filter((syllables) => syllables.length > 0);
  }

  fold(syllable: string): string {
    let folded = this.foldCache.get(syllable);
    if (folded === undefined) {
      folded = foldVietnamese(syllable);
      if (this.foldCache.size < 200_000) this.foldCache.set(syllable, folded);
    }
    return folded;
  }

  isStopword(folded: string): boolean {
    return this.stopwords.has(folded);
  }

  /** Tokens after NFC, lower-casing and abbreviation expansion. */
  tokens(text: string, mode: AnalysisMode): Token[] {
    const normalized = toNfc(text).toLowerCase();
    const tokens: Token[] = [];
    let previousEnd = 0;
    for (const match of normalized.matchAll(TOKEN_PATTERN)) {
      const exact = match[0];
      const start = match.index ?? 0;
      const boundary = tokens.length === 0 || BOUNDARY_PATTERN.test(normalized.slice(previousEnd, start));
      previousEnd = start + exact.length;
      const folded = this.fold(exact);
      const expansion = this.expansions.get(folded);
      if (expansion && (expansion.scope === 'all' || mode === 'query')) {
        expansion.tokens.forEach((token, index) => {
          tokens.push({ ...token, boundary: boundary && index === 0 });
        });
      } else {
        tokens.push({ exact, folded, boundary });
      }
    }
    return this.phraseExpansions.length === 0 ? tokens : this.expandPhrases(tokens, mode);
  }

  /** Replaces each multi-syllable form ("1 lần") by its expansion ("một lần"), within a phrase. */
  private expandPhrases(tokens: readonly Token[], mode: AnalysisMode): Token[] {
    const expanded: Token[] = [];
    for (let start = 0; start < tokens.length; ) {
      const found = this.phraseExpansions.find(
        ({ form, expansion }) =>
          (expansion.scope === 'all' || mode === 'query') &&
          form.every(
            (syllable, offset) =>
              tokens[start + offset]?.folded === syllable &&
              (offset === 0 || !tokens[start + offset]?.boundary),
          ),
      );
      if (!found) {
        expanded.push(tokens[start] as Token);
        start++;
        continue;
      }
      const boundary = (tokens[start] as Token).boundary;
      found.expansion.tokens.forEach((token, index) => {
        expanded.push({ ...token, boundary: boundary && index === 0 });
      });
      start += found.form.length;
    }
    return expanded;
  }

  /** Terms to index for a text: folded words, folded pairs, exact accented words, date parts. */
  indexTerms(text: string): string[] {
    const terms = this.terms(this.tokens(text, 'index'), true).map((term) => term.term);
    return [...terms, ...terms.flatMap(datePartsOf)];
  }

  /**
   * Terms of a question. Exact-accent terms only when the question has diacritics, so an
   * unaccented question is scored on exactly the folded terms an accented one also has.
   * Synonyms of its phrases are added as separate phrases (folded only).
   */
  queryTerms(text: string): QueryTerm[] {
    const tokens = this.withoutQuestionPhrases(this.tokens(text, 'query'));
    const terms = [
      ...this.terms(tokens, hasDiacritics(text)),
      ...this.terms(this.synonymTokens(tokens), false),
    ];
    const seen = new Set<string>();
    return terms.filter((term) => {
      if (seen.has(term.term)) return false;
      seen.add(term.term);
      return true;
    });
  }

  /** The tokens outside question phrases; the token after a removed phrase starts a new phrase. */
  private withoutQuestionPhrases(tokens: readonly Token[]): Token[] {
    if (this.questionPhrases.length === 0) return [...tokens];
    const removed = new Array<boolean>(tokens.length).fill(false);
    for (let start = 0; start < tokens.length; start++) {
      for (const phrase of this.questionPhrases) {
        const matches = phrase.every(
          (syllable, offset) =>
            tokens[start + offset]?.folded === syllable &&
            (offset === 0 || !tokens[start + offset]?.boundary),
        );
        if (matches) removed.fill(true, start, start + phrase.length);
      }
    }
    const kept: Token[] = [];
    tokens.forEach((token, index) => {
      if (removed[index]) return;
      kept.push(index > 0 && removed[index - 1] ? { ...token, boundary: true } : token);
    });
    return kept;
  }

  /**
   * Tokens of the synonyms of every phrase in the question, each starting a new phrase. A
   * syllable typed with accents must match the phrase as written ("có thể" is not "thẻ"); one
   * typed without accents matches on its folded form, as it could be any of them.
   */
  private synonymTokens(tokens: readonly Token[]): Token[] {
    const added: Token[] = [];
    for (let start = 0; start < tokens.length; start++) {
      for (let length = 1; length <= this.longestSynonym && start + length <= tokens.length; length++) {
        const slice = tokens.slice(start, start + length);
        if (slice.slice(1).some((token) => token.boundary)) break;
        const entries = this.synonyms.get(slice.map((token) => token.folded).join(' ')) ?? [];
        const others = entries
          .filter((entry) =>
            slice.every((token, index) => token.exact === token.folded || token.exact === entry.exact[index]),
          )
          .flatMap((entry) => entry.others);
        for (const other of new Set(others)) {
          other.split(' ').forEach((folded, index) => {
            added.push({ exact: folded, folded, boundary: index === 0 });
          });
        }
      }
    }
    return added;
  }

  /** Folded content words of a text (stopwords removed), for overlap measures. */
  contentWords(text: string, mode: AnalysisMode = 'query'): string[] {
    return this.tokens(text, mode)
      .map((token) => token.folded)
      .filter((folded) => !this.stopwords.has(folded));
  }

  private terms(tokens: readonly Token[], withExact: boolean): QueryTerm[] {
    const terms: QueryTerm[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as Token;
      const stop = this.stopwords.has(token.folded);
      if (!stop) {
        terms.push({ term: token.folded, kind: 'word' });
        if (withExact && token.exact !== token.folded) {
          terms.push({ term: EXACT_PREFIX + token.exact, kind: 'exact' });
        }
      }
      const previous = i > 0 ? tokens[i - 1] : undefined;
      if (previous && !token.boundary && !(stop && this.stopwords.has(previous.folded))) {
        terms.push({ term: previous.folded + PAIR_SEPARATOR + token.folded, kind: 'pair' });
      }
    }
    return terms;
  }
}

/**
 * The month and the year inside a written date, indexed with it so that "9/2023" or "năm 2023"
 * in a question finds "30/9/2023" in a report (months without their leading zero: "06" → "6").
 */
function datePartsOf(term: string): string[] {
  const match = DATE_PATTERN.exec(term);
  if (!match) return [];
  const [, day, month, year] = match as unknown as [string, string | undefined, string, string];
  return day === undefined ? [year] : [`${Number(month)}/${year}`, year];
}

function splitSyllables(text: string): string[] {
  return [...text.matchAll(TOKEN_PATTERN)].map((match) => match[0]);
}

let sharedAnalyzer: VietnameseAnalyzer | undefined;

/** The analyser configured from data/text; built once per process. */
export function defaultAnalyzer(): VietnameseAnalyzer {
  sharedAnalyzer ??= new VietnameseAnalyzer();
  return sharedAnalyzer;
}
