/**
 * Which skill or reply answers a message, learned from labelled examples rather than decided
 * by the order of keyword rules: the examples of data/routing/examples.json (calculators,
 * card look-up, hand-off, out of scope, abuse) and every question variant of every FAQ item
 * published and in effect (labelled `faq:<id>`). Adding a variant from the console improves
 * routing without code.
 *
 * The model is nearest neighbours over sparse TF-IDF vectors of folded syllables and syllable
 * pairs, with numbers read as the kind of quantity they are ("3 triệu" → qmoney, "4 người" →
 * qpeople), so one example stands for every amount. An intent's score is its best example's
 * cosine similarity, or its centroid's (all its examples together) when that is closer. Built in a few milliseconds; ranking a message takes well under one.
 */
import * as z from 'zod';
import routingRaw from '../../../data/routing/examples.json' with { type: 'json' };
import { candidatesFor, type FaqItem } from '../knowledge/faq.js';
import { defaultAnalyzer } from '../text/analyze.js';
import type { Reading } from '../text/reading.js';

export interface RoutingExample {
  readonly intent: string;
  readonly text: string;
  /** How the intent reads on a button (a FAQ item's first question). */
  readonly label?: string;
}

export interface RankedIntent {
  readonly intent: string;
  /** Cosine similarity of the closest example, 0..1. */
  readonly score: number;
  readonly example: string;
  readonly label?: string;
}

/** data/routing/examples.json: labelled examples per intent. */
export const routingExamplesFileSchema = z.object({
  $comment: z.string().optional(),
  intents: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)),
});

/** The examples kept as data (FAQ variants are added by the caller). */
export const ROUTING_EXAMPLES: readonly RoutingExample[] = Object.entries(
  routingExamplesFileSchema.parse(routingRaw).intents,
).flatMap(([intent, texts]) => texts.map((text) => ({ intent, text })));

/** Quantities, most specific first: each span becomes one token naming its kind. */
const QUANTITIES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b[a-z]{2}\d{13}\b/g, ' qcardno '],
  [/\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/g, ' qdate '],
  [/\b\d{10}\b/g, ' qcode '],
  [
    /(?<![\d.,])\d+(?:[.,]\d+)*\s*(?:trieu|tr|cu|m|k|nghin|ngan|ty|d|dong|vnd)(?![a-z])(?:\s*\d{1,3}(?!\s*(?:nam|thang|nguoi|ng|lan|tuoi)\b))?|\b\d{1,3}(?:[.,]\d{3}){2,}\b|\b\d{6,9}\b/g,
    ' qmoney ',
  ],
  [/(?<![\d.,])\d{1,2}\s*(?:nguoi|ng|thanh vien|khau|nhan khau)\b/g, ' qpeople '],
  [/(?<![\d.,])\d{1,2}\s*thang\b/g, ' qmonths '],
  [/(?<![\d.,])\d{1,2}\s*nam\b/g, ' qyears '],
  [/(?<![\d.,])\d{1,3}\s*tuoi\b/g, ' qage '],
  [/\b(?:19|20)\d{2}\b/g, ' qyear '],
  [/\d+(?:[.,]\d+)*/g, ' qnum '],
];

const PAIR_WEIGHT = 0.6;
/**
 * How much an intent's centroid similarity is scaled to compare with its nearest example's
 * (calibrated on the tuning halves of the stranger-written messages, never the held-out ones).
 */
const CENTROID_SCALE = 1.8;
/**
 * Only a message with this many distinct words (after stopwords and abbreviation expansion) is
 * compared with centroids: a short one is as near its nearest example as it can be, and
 * raising its score would answer where the bot should ask which item is meant.
 */
const CENTROID_MIN_TERMS = 16;
const QUANTITY_TERMS = new Set(QUANTITIES.map(([, token]) => token.trim()));

/**
 * The terms of a message: folded syllables after abbreviation expansion ("bhxh" → "bảo hiểm xã
 * hội", as the search analyser reads it), quantity kinds (qmoney, qpeople, …), and adjacent pairs.
 */
export function routingTerms(folded: string): string[] {
  let text = folded;
  for (const [pattern, token] of QUANTITIES) text = text.replace(pattern, token);
  text = text.replace(/%/g, ' phan tram ');
  const words = defaultAnalyzer()
    .tokens(text, 'query')
    .map((token) => token.folded);
  const terms = new Set(words);
  for (let i = 1; i < words.length; i++) terms.add(`${words[i - 1]}_${words[i]}`);
  return [...terms];
}

interface Vector {
  readonly intent: string;
  readonly text: string;
  readonly label?: string;
  readonly norm: number;
}

export class IntentClassifier {
  private readonly idf = new Map<string, number>();
  private readonly vectors: Vector[];
  /** Term → the examples that have it, with its weight there: a message meets only its own terms. */
  private readonly postings = new Map<string, Array<{ vector: number; weight: number }>>();
  private readonly unseenWeight: number;
  /** Per intent: the sum of its examples' unit vectors (a centroid, not normalised), and its norm. */
  private readonly centroids = new Map<string, { weights: Map<string, number>; norm: number }>();

  constructor(
    examples: readonly RoutingExample[],
    private readonly fold: (text: string) => string,
  ) {
    const termed = examples.map((example) => ({ ...example, terms: routingTerms(this.fold(example.text)) }));
    const df = new Map<string, number>();
    for (const { terms } of termed) for (const term of terms) df.set(term, (df.get(term) ?? 0) + 1);
    const total = Math.max(1, termed.length);
    for (const [term, count] of df) this.idf.set(term, Math.log(1 + total / count));
    this.unseenWeight = Math.log(1 + total);
    this.vectors = termed.map(({ intent, text, label, terms }, vector) => {
      const weights = terms.map((term) => this.weight(term));
      terms.forEach((term, index) => {
        const list = this.postings.get(term) ?? [];
        list.push({ vector, weight: weights[index] ?? 0 });
        this.postings.set(term, list);
      });
      const norm = Math.hypot(...weights);
      const centroid = this.centroids.get(intent) ?? { weights: new Map<string, number>(), norm: 0 };
      terms.forEach((term, index) => {
        centroid.weights.set(term, (centroid.weights.get(term) ?? 0) + (weights[index] ?? 0) / (norm || 1));
      });
      this.centroids.set(intent, centroid);
      return { intent, text, ...(label ? { label } : {}), norm };
    });
    for (const centroid of this.centroids.values()) centroid.norm = Math.hypot(...centroid.weights.values());
  }

  private weight(term: string): number {
    const pair = term.includes('_');
    // A word no example uses still counts against every match: it is part of what was asked.
    // A pair no example uses says nothing its words do not already say.
    const idf = this.idf.get(term) ?? (pair ? 0 : this.unseenWeight);
    return pair ? idf * PAIR_WEIGHT : idf;
  }

  /** Every intent that shares a term with the message, with its best example, most similar first. */
  rank(reading: Reading): RankedIntent[] {
    const terms = routingTerms(reading.folded);
    // A bare quantity ("3 triệu") says nothing of what it is for: only a question the bot asked,
    // or a finished answer it follows, gives it a meaning.
    if (terms.every((term) => QUANTITY_TERMS.has(term) || term.includes('_'))) return [];
    const norm = Math.hypot(...terms.map((term) => this.weight(term)));
    if (norm === 0) return [];
    const dots = new Map<number, number>();
    for (const term of terms) {
      const weight = this.weight(term);
      for (const posting of this.postings.get(term) ?? []) {
        dots.set(posting.vector, (dots.get(posting.vector) ?? 0) + weight * posting.weight);
      }
    }
    const best = new Map<string, RankedIntent>();
    for (const [index, dot] of dots) {
      const vector = this.vectors[index] as Vector;
      const score = vector.norm === 0 ? 0 : dot / (norm * vector.norm);
      const previous = best.get(vector.intent);
      if (!previous || score > previous.score) {
        const label = vector.label ? { label: vector.label } : {};
        best.set(vector.intent, { intent: vector.intent, score, example: vector.text, ...label });
      }
    }
    // An intent's examples together cover more of its words than any one of them does: a long
    // message (a story, then the question) that shares words with several of its examples is
    // closer to the intent than to its nearest example. The centroid's cosine is lower by construction (it spreads over many
    // terms), so it is brought to the examples' scale before the two are compared.
    const long = terms.filter((term) => !term.includes('_')).length >= CENTROID_MIN_TERMS;
    for (const [intent, entry] of long ? best : []) {
      const centroid = this.centroids.get(intent);
      if (!centroid || centroid.norm === 0) continue;
      let dot = 0;
      for (const term of terms) dot += this.weight(term) * (centroid.weights.get(term) ?? 0);
      const together = Math.min(1, (CENTROID_SCALE * dot) / (norm * centroid.norm));
      if (together > entry.score) best.set(intent, { ...entry, score: together });
    }
    return [...best.values()].sort((a, b) => b.score - a.score);
  }
}

/** The FAQ items whose question variants join the examples (published and in effect). */
export interface RoutingFaqSource {
  items(): Promise<readonly FaqItem[]>;
}

/**
 * The classifier for a date: the data examples plus the variants of the FAQ items a citizen
 * may be shown that day. Rebuilt only when the item list (a new object after every FAQ
 * change) or the date changes.
 */
export class IntentRouting {
  private readonly cache = new WeakMap<readonly FaqItem[], Map<string, IntentClassifier>>();
  private readonly withoutFaqs = new Map<string, IntentClassifier>();

  constructor(
    private readonly faqs: RoutingFaqSource | undefined,
    private readonly fold: (text: string) => string,
    private readonly examples: readonly RoutingExample[] = ROUTING_EXAMPLES,
  ) {}

  async rank(reading: Reading, asOf: string): Promise<RankedIntent[]> {
    return (await this.classifier(asOf)).rank(reading);
  }

  private async classifier(asOf: string): Promise<IntentClassifier> {
    const items = this.faqs ? await this.faqs.items() : undefined;
    let byDate = items ? this.cache.get(items) : this.withoutFaqs;
    if (!byDate) {
      byDate = new Map();
      if (items) this.cache.set(items, byDate);
    }
    let classifier = byDate.get(asOf);
    if (!classifier) {
      const variants = candidatesFor(items ?? [], asOf).flatMap((item) =>
        item.questions.map((text) => ({ intent: `faq:${item.id}`, text, label: item.questions[0] ?? text })),
      );
      classifier = new IntentClassifier([...this.examples, ...variants], this.fold);
      byDate.set(asOf, classifier);
    }
    return classifier;
  }
}
