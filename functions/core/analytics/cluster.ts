/**
 * Grouping the questions the bot could not answer, so analysts read one line per question
 * rather than one per citizen. "The same question" means what it means to the bot: the text
 * is read by the bot's own normaliser (chat shorthand expanded, Telex leftovers decoded) and
 * analyser (folded syllables, abbreviations expanded, stopwords and "bao nhiêu" removed,
 * syllable pairs), so "mức đóng bhyt hgđ", "muc dong bao hiem y te ho gia dinh" and
 * "mức đóng BHYT hộ gia đình" land together.
 *
 * 1. Exact groups: questions with the same set of folded content words are one group (the
 *    cheapest explanation: the same words). Bare numbers are dropped, so "đóng 2 triệu" and
 *    "đóng 1tr5" group together.
 * 2. Greedy leader clustering, groups in descending frequency (then by signature, so a run is
 *    deterministic): a group joins the most similar cluster whose centroid is within the
 *    cosine threshold (IDF-weighted words, pairs at half weight), candidates found through an
 *    inverted index of words; otherwise it starts a cluster.
 * 3. Accents decide when both sides have them: a word typed with accents that the cluster's
 *    accented members spell otherwise ("mật" against "mất") lowers the similarity by its
 *    weight, so "mất thẻ" and "mật khẩu" stay apart while unaccented "mat the" still joins.
 * 4. Stable keys: a cluster is named by a group's key (a hash of its signature): the first of
 *    its groups that already has a stored state (ignored, merged, has a FAQ), else its leader.
 *    Pinned groups (a manual merge or split) go to their cluster whatever the similarity.
 */

import { PERSON_WORDS } from '../knowledge/faq.js';
import {
  type AnalysisMode,
  defaultAnalyzer,
  hasDiacritics,
  type VietnameseAnalyzer,
} from '../text/analyze.js';
import { type CitizenNormalizer, defaultCitizenNormalizer } from '../text/normalize.js';

export const DEFAULT_CLUSTER_THRESHOLD = 0.45;
const PAIR_WEIGHT = 0.5;
/** Greeting and politeness filler the stopword list does not already drop. */
const FILLER_WORDS = new Set([
  'ad',
  'admin',
  'ah',
  'a',
  'alo',
  'chao',
  'cam',
  'on',
  'giup',
  'voi',
  'nhe',
  'nha',
  'vay',
  'a',
]);

export interface GapQuestion {
  /** Turn id (unique). */
  readonly id: string;
  readonly question: string;
  readonly chatHash: string;
  readonly channel: string;
  readonly at: string;
}

export interface ClusterOptions {
  readonly threshold?: number;
  /** Keys with a stored state: a cluster holding one of their groups keeps that key. */
  readonly knownKeys?: ReadonlySet<string>;
  /** Group key → cluster key (manual merge and split). */
  readonly pins?: ReadonlyMap<string, string>;
}

export interface ClusterMember {
  readonly id: string;
  readonly question: string;
  readonly chatHash: string;
  readonly channel: string;
  readonly at: string;
  /** The exact group's key (same folded words). */
  readonly groupKey: string;
  /** Label words this member has ("why here"). */
  readonly sharedTerms: readonly string[];
  /** Cosine with the cluster's centroid. */
  readonly similarity: number;
}

export interface QuestionCluster {
  readonly key: string;
  /** Top terms in their most frequent accented spelling. */
  readonly label: string;
  /** The medoid: the member question closest to the centroid. */
  readonly representative: string;
  readonly questions: number;
  readonly chats: number;
  readonly channels: Readonly<Record<string, number>>;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Distinct questions, folded duplicates removed (an accented spelling kept when there is one). */
  readonly variants: readonly string[];
  readonly groupKeys: readonly string[];
  readonly members: readonly ClusterMember[];
}

interface Analysed {
  readonly words: readonly string[];
  readonly pairs: readonly string[];
  /** folded word → accented form as typed (only when the question had diacritics). */
  readonly accents: ReadonlyMap<string, string>;
  /** folded syllable → surface forms as typed (for labels). */
  readonly surfaces: ReadonlyMap<string, string>;
}

interface Group {
  readonly key: string;
  readonly signature: string;
  readonly members: GapQuestion[];
  readonly analysed: Analysed;
}

type Vector = Map<string, number>;

interface Building {
  key: string;
  readonly groups: Group[];
  readonly sum: Vector;
  /** folded word → accented forms among accented members. */
  readonly accents: Map<string, Set<string>>;
  readonly pinned: boolean;
  /**
   * Whether free groups may join by similarity. A cluster made of pinned groups opens only
   * when the group it is named after joins (a merge target); a split-off one stays closed,
   * so it does not pull its old cluster's questions back in.
   */
  open: boolean;
}

/** A short, stable key for a signature (FNV-1a, 2 × 32 bits): `g` + 12 hex digits. */
export function signatureKey(signature: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ signature.length;
  for (let i = 0; i < signature.length; i++) {
    const code = signature.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ code, 0x5bd1e995) >>> 0;
  }
  return `g${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0').slice(0, 4)}`;
}

const isNumeric = (term: string) => /\d/.test(term);

/** Analyses kept per clusterer: the same questions come back on every recomputation. */
const ANALYSIS_CACHE_LIMIT = 50_000;

export class GapClusterer {
  private readonly analyses = new Map<string, Analysed>();

  constructor(
    private readonly analyzer: VietnameseAnalyzer = defaultAnalyzer(),
    private readonly normalizer: CitizenNormalizer = defaultCitizenNormalizer(),
  ) {}

  /** The words, pairs and typed accents of one question, as the bot reads it (cached). */
  analyse(question: string): Analysed {
    const cached = this.analyses.get(question);
    if (cached) return cached;
    const analysed = this.analyseOnce(question);
    if (this.analyses.size >= ANALYSIS_CACHE_LIMIT) this.analyses.clear();
    this.analyses.set(question, analysed);
    return analysed;
  }

  private analyseOnce(question: string): Analysed {
    const accented = hasDiacritics(question);
    const text = this.normalizer.normalize(question).text;
    const mode: AnalysisMode = 'query';
    const terms = this.analyzer.queryTerms(text);
    const tokens = this.analyzer.tokens(text, mode);
    // Words of the text itself: the analyser's synonyms ("ở đâu" → "địa điểm") widen a search, not a group.
    const present = new Set(tokens.map((token) => token.folded));
    const keep = (word: string) =>
      present.has(word) && !isNumeric(word) && !PERSON_WORDS.has(word) && !FILLER_WORDS.has(word);
    const words = [...new Set(terms.filter((t) => t.kind === 'word').map((t) => t.term))].filter(keep);
    const pairs = [
      ...new Set(
        terms
          .filter((t) => t.kind === 'pair')
          .map((t) => t.term)
          .filter((pair) => pair.split('_').every(keep)),
      ),
    ];
    const accents = new Map<string, string>();
    const surfaces = new Map<string, string>();
    for (const token of accented ? this.analyzer.tokens(question, mode) : tokens) {
      if (!surfaces.has(token.folded) || token.exact !== token.folded)
        surfaces.set(token.folded, token.exact);
      if (accented && token.exact !== token.folded) accents.set(token.folded, token.exact);
    }
    return { words, pairs, accents, surfaces };
  }

  cluster(questions: readonly GapQuestion[], options: ClusterOptions = {}): QuestionCluster[] {
    const threshold = options.threshold ?? DEFAULT_CLUSTER_THRESHOLD;
    const groups = this.groups(questions);
    if (groups.length === 0) return [];
    const idf = inverseFrequencies(groups);
    const vectorOf = (group: Group): Vector => {
      const vector: Vector = new Map();
      for (const word of group.analysed.words) vector.set(word, idf.get(word) ?? 0);
      for (const pair of group.analysed.pairs) vector.set(pair, (idf.get(pair) ?? 0) * PAIR_WEIGHT);
      return unit(vector);
    };

    const clusters: Building[] = [];
    const byKey = new Map<string, Building>();
    const postings = new Map<string, Set<Building>>();
    const add = (cluster: Building, group: Group, vector: Vector) => {
      cluster.groups.push(group);
      for (const [term, weight] of vector)
        cluster.sum.set(term, (cluster.sum.get(term) ?? 0) + weight * group.members.length);
      for (const [word, form] of group.analysed.accents) {
        const forms = cluster.accents.get(word) ?? new Set<string>();
        forms.add(form);
        cluster.accents.set(word, forms);
      }
      for (const word of group.analysed.words) {
        const set = postings.get(word) ?? new Set<Building>();
        set.add(cluster);
        postings.set(word, set);
      }
    };
    const open = (key: string, pinned: boolean): Building => {
      const cluster: Building = {
        key,
        groups: [],
        sum: new Map(),
        accents: new Map(),
        pinned,
        open: !pinned,
      };
      clusters.push(cluster);
      byKey.set(key, cluster);
      return cluster;
    };

    const pins = options.pins ?? new Map<string, string>();
    const free: Group[] = [];
    for (const group of groups) {
      const target = pins.get(group.key);
      if (target === undefined) {
        free.push(group);
        continue;
      }
      add(byKey.get(target) ?? open(target, true), group, vectorOf(group));
    }
    for (const group of free) {
      const vector = vectorOf(group);
      const named = byKey.get(group.key);
      if (named && !named.open) {
        named.open = true;
        add(named, group, vector);
        continue;
      }
      const candidates = new Set<Building>();
      for (const word of group.analysed.words)
        for (const cluster of postings.get(word) ?? []) if (cluster.open) candidates.add(cluster);
      let best: Building | undefined;
      let bestScore = threshold;
      for (const cluster of candidates) {
        const score = similarity(vector, group.analysed, cluster);
        if (score >= bestScore && (best === undefined || score > bestScore)) {
          best = cluster;
          bestScore = score;
        }
      }
      add(best ?? open(group.key, false), group, vector);
    }

    const known = options.knownKeys ?? new Set<string>();
    return clusters
      .filter((cluster) => cluster.groups.length > 0)
      .map((cluster) => {
        if (!cluster.pinned) {
          const stored = cluster.groups.find((group) => known.has(group.key));
          if (stored && !byKeyTaken(clusters, cluster, stored.key)) cluster.key = stored.key;
        }
        return this.describe(cluster, vectorOf);
      })
      .sort((a, b) => b.questions - a.questions || a.key.localeCompare(b.key));
  }

  /**
   * The label words in the order the representative says them, adjacent ones as one phrase
   * ("hộ gia đình · mức đóng"); label words it lacks follow.
   */
  private label(
    representative: string,
    words: ReadonlySet<string>,
    spelled: (folded: string) => string,
  ): string {
    const text = this.normalizer.normalize(representative).text;
    const phrases: string[][] = [];
    let run: string[] = [];
    const used = new Set<string>();
    for (const token of this.analyzer.tokens(text, 'query')) {
      if (words.has(token.folded) && !used.has(token.folded)) {
        run.push(spelled(token.folded));
        used.add(token.folded);
      } else if (run.length > 0) {
        phrases.push(run);
        run = [];
      }
    }
    if (run.length > 0) phrases.push(run);
    for (const word of words) if (!used.has(word)) phrases.push([spelled(word)]);
    return phrases.map((phrase) => phrase.join(' ')).join(' · ');
  }

  private groups(questions: readonly GapQuestion[]): Group[] {
    const bySignature = new Map<string, Group>();
    for (const question of questions) {
      const analysed = this.analyse(question.question);
      if (analysed.words.length === 0) continue;
      const signature = [...analysed.words].sort().join(' ');
      const existing = bySignature.get(signature);
      if (existing) existing.members.push(question);
      else
        bySignature.set(signature, {
          key: signatureKey(signature),
          signature,
          members: [question],
          analysed,
        });
    }
    return [...bySignature.values()].sort(
      (a, b) => b.members.length - a.members.length || a.signature.localeCompare(b.signature),
    );
  }

  private describe(cluster: Building, vectorOf: (group: Group) => Vector): QuestionCluster {
    const centroid = unit(new Map(cluster.sum));
    const members: ClusterMember[] = [];
    let medoid: { group: Group; score: number } | undefined;
    const surfaceCounts = new Map<string, Map<string, number>>();
    for (const group of cluster.groups) {
      // A question typed with accents reads better as the representative: a small edge.
      const accented = group.members.some((member) => hasDiacritics(member.question));
      const score = dot(vectorOf(group), centroid) + (accented ? 0.02 : 0);
      if (!medoid || score > medoid.score + 1e-9) medoid = { group, score };
      for (const member of group.members) {
        for (const [folded, surface] of this.analyse(member.question).surfaces) {
          const counts = surfaceCounts.get(folded) ?? new Map<string, number>();
          counts.set(surface, (counts.get(surface) ?? 0) + 1);
          surfaceCounts.set(folded, counts);
        }
      }
    }
    const labelWords = new Set(labelOf(centroid).flatMap((term) => term.split('_')));
    const spelled = (folded: string) => spell(folded, surfaceCounts);
    const representativeGroup = medoid?.group ?? (cluster.groups[0] as Group);
    const representative = preferAccented(representativeGroup.members.map((member) => member.question));
    for (const group of cluster.groups) {
      const score = dot(vectorOf(group), centroid);
      for (const member of group.members)
        members.push({
          ...member,
          groupKey: group.key,
          sharedTerms: group.analysed.words.filter((word) => labelWords.has(word)).map(spelled),
          similarity: round(score),
        });
    }
    members.sort((a, b) => b.at.localeCompare(a.at));
    const channels: Record<string, number> = {};
    for (const member of members) channels[member.channel] = (channels[member.channel] ?? 0) + 1;
    const times = members.map((member) => member.at).sort();
    return {
      key: cluster.key,
      label: this.label(representative, labelWords, spelled),
      representative,
      questions: members.length,
      chats: new Set(members.map((member) => member.chatHash)).size,
      channels,
      firstSeen: times[0] ?? '',
      lastSeen: times.at(-1) ?? '',
      variants: distinctQuestions(members.map((member) => member.question)),
      groupKeys: cluster.groups.map((group) => group.key),
      members,
    };
  }
}

function byKeyTaken(clusters: readonly Building[], self: Building, key: string): boolean {
  return clusters.some((other) => other !== self && other.key === key);
}

function inverseFrequencies(groups: readonly Group[]): Map<string, number> {
  const df = new Map<string, number>();
  let total = 0;
  for (const group of groups) {
    const weight = group.members.length;
    total += weight;
    for (const term of [...group.analysed.words, ...group.analysed.pairs])
      df.set(term, (df.get(term) ?? 0) + weight);
  }
  return new Map([...df].map(([term, count]) => [term, Math.log(1 + (total + 1) / (count + 0.5))]));
}

function unit(vector: Vector): Vector {
  const norm = Math.hypot(...vector.values());
  if (norm === 0) return vector;
  for (const [term, weight] of vector) vector.set(term, weight / norm);
  return vector;
}

function dot(a: Vector, b: Vector): number {
  let sum = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [term, weight] of small) {
    const other = large.get(term);
    if (other !== undefined) sum += weight * other;
  }
  return sum;
}

/** Cosine with the cluster's centroid, less the weight of words whose accents disagree. */
function similarity(vector: Vector, analysed: Analysed, cluster: Building): number {
  const sum = cluster.sum;
  const norm = Math.hypot(...sum.values());
  if (norm === 0) return 0;
  let score = 0;
  for (const [term, weight] of vector) {
    const other = sum.get(term);
    if (other !== undefined) score += (weight * other) / norm;
  }
  let conflict = 0;
  for (const [word, form] of analysed.accents) {
    const forms = cluster.accents.get(word);
    if (forms && !forms.has(form)) conflict += (vector.get(word) ?? 0) ** 2;
  }
  return score * (1 - Math.min(1, conflict));
}

/** Up to three label terms: the centroid's heaviest words, a pair standing for both its words. */
function labelOf(centroid: Vector): string[] {
  // A pair names a thing better than its words ("hộ nghèo"): ranked at full weight and more.
  const weightOf = (term: string, weight: number) => (term.includes('_') ? weight * 2.2 : weight);
  const ranked = [...centroid].sort(
    (a, b) => weightOf(b[0], b[1]) - weightOf(a[0], a[1]) || a[0].localeCompare(b[0]),
  );
  const chosen: string[] = [];
  const covered = new Set<string>();
  for (const [term] of ranked) {
    if (chosen.length >= 3) break;
    const words = term.split('_');
    // Only content words: a pair with a stopword ("thẻ thì") names nothing.
    if (words.some((word) => covered.has(word) || !centroid.has(word))) continue;
    chosen.push(term);
    for (const word of words) covered.add(word);
  }
  return chosen;
}

/** The most frequent accented spelling of a folded syllable, else its most frequent spelling. */
function spell(folded: string, surfaces: ReadonlyMap<string, ReadonlyMap<string, number>>): string {
  const counts = [...(surfaces.get(folded) ?? new Map<string, number>())].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  );
  return counts.find(([form]) => form !== folded)?.[0] ?? counts[0]?.[0] ?? folded;
}

function foldKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The questions once each after folding, the accented spelling kept when one was typed. */
export function distinctQuestions(questions: readonly string[]): string[] {
  const byFolded = new Map<string, string>();
  for (const question of questions) {
    const text = question.normalize('NFC').trim();
    const key = foldKey(text);
    if (key === '') continue;
    const existing = byFolded.get(key);
    if (existing === undefined || (!hasDiacritics(existing) && hasDiacritics(text))) byFolded.set(key, text);
  }
  return [...byFolded.values()];
}

function preferAccented(questions: readonly string[]): string {
  return questions.find((question) => hasDiacritics(question)) ?? questions[0] ?? '';
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
