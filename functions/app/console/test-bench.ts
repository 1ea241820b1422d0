/**
 * The console's test bench ("Thử" and "Kiểm tra tất cả"): questions answered by the real
 * dialogue core (handleMessage with the assistant's skills, the intent router trained on the
 * FAQ variants, the knowledge skill over the same index), never by a re-implementation, plus
 * what the bot weighed on the way: the router's best two intents, the FAQ matcher's best two
 * items and the search's best two passages, each with its score.
 *
 * explain() asks a question as typed and with its diacritics removed; with `includeDrafts`,
 * draft items are candidates as if published, and whatever comes from one is flagged
 * `draft: true`. testAll() asks every variant of every published item in effect, as typed and
 * folded, and checks each reaches its own item; it compares with a previous run (new failures
 * first), so a fix that breaks another item shows at the top.
 */
import { type DialogueDeps, handleMessage, vietnamDate } from '../../core/dialogue/handle.js';
import { IntentRouting, type RankedIntent } from '../../core/dialogue/router.js';
import { readMessage, type Skill } from '../../core/dialogue/skill.js';
import {
  coverage,
  createKnowledgeSkill,
  DEFAULT_SETTINGS,
  type KnowledgeDeps,
  type KnowledgeSettings,
} from '../../core/knowledge/answer.js';
import { candidatesFor, type FaqItem, FaqMatcher, isInEffect } from '../../core/knowledge/faq.js';
import { variantForms } from '../../core/knowledge/faq-collisions.js';
import { writeCsv } from '../../core/knowledge/faq-file.js';
import { searchPassages } from '../../core/knowledge/hybrid.js';
import type { ChunkRanker, KnowledgeIndex } from '../../core/knowledge/index.js';
import type { Passage } from '../../core/knowledge/types.js';
import type { InboundMessage, Reply } from '../../core/messages.js';
import type { Clock, FaqSource, FaqStore } from '../../core/ports.js';
import { foldVietnamese, toNfc } from '../../core/text/fold.js';
import { normalizeCitizenText } from '../../core/text/normalize.js';
import type { AnsweringItem, TestAnswer } from './contracts.js';

export interface TestBenchDeps {
  /** Where the items are read from (current versions, drafts included). */
  readonly store: FaqStore;
  /** The documents the bot searches; its analyser is the one the FAQ matcher uses. */
  readonly index: KnowledgeIndex;
  /**
   * The assistant's skills other than the knowledge engine (calculators, card look-up), so
   * routing decides as it does for citizens. Give the card look-up an empty in-memory store:
   * a code typed into the bench must not look up a real card.
   */
  readonly skills: readonly Skill[];
  readonly clock: Clock;
  readonly settings?: KnowledgeSettings;
  readonly dense?: ChunkRanker;
}

export interface BenchFaqCandidate {
  readonly id: string;
  readonly score: number;
  /** The variant that matched best. */
  readonly variant: string;
  readonly draft: boolean;
}

export interface BenchPassage {
  readonly document: string;
  readonly section?: string;
  /** Lexical search score (BM25F). */
  readonly score: number;
  /** Share of the question's weighted words the passage has (the bot answers from ≥ documentConfidence). */
  readonly coverage: number;
}

export interface BenchIntent {
  readonly intent: string;
  readonly score: number;
  readonly example: string;
  readonly draft: boolean;
}

/** One form of the question, answered. */
export interface BenchForm extends TestAnswer {
  readonly form: 'typed' | 'folded';
  /** The text as the bot read it (chat shorthand expanded, misspellings corrected). */
  readonly read: string;
  /** The skill that answered: a calculator's or the card look-up's name, `knowledge`, or `dialogue`. */
  readonly skill: string;
  /** The FAQ item that answered, when one did. */
  readonly faqId?: string;
  /** The answer came from a draft item. */
  readonly draft: boolean;
  readonly faq: {
    readonly best?: BenchFaqCandidate;
    readonly runnerUp?: BenchFaqCandidate;
    readonly confident: number;
  };
  readonly passages: {
    readonly best?: BenchPassage;
    readonly runnerUp?: BenchPassage;
    readonly confident: number;
  };
  readonly routing: { readonly best?: BenchIntent; readonly runnerUp?: BenchIntent };
}

export interface BenchExplanation {
  readonly question: string;
  readonly asOf: string;
  readonly includeDrafts: boolean;
  /** Typed first, then folded (the same text when the question has no diacritics). */
  readonly forms: readonly BenchForm[];
}

export type TestChange = 'new-failure' | 'still-failing' | 'fixed' | 'passing';

export interface TestAllCase {
  readonly id: string;
  readonly variant: string;
  readonly form: 'typed' | 'folded';
  /** What was asked (the variant, or its folded form). */
  readonly question: string;
  /** The day it was asked for (the item is in effect then). */
  readonly asOf: string;
  readonly expected: string;
  /** The reply's intent (`faq:<id>`, `faq:clarify`, `calc.…`, `document`, `unknown`…). */
  readonly got: string;
  readonly path: string;
  /** FAQ matcher's score of the expected item for this question. */
  readonly score: number;
  /** FAQ matcher's best item for this question, when not the expected one. */
  readonly best?: { readonly id: string; readonly score: number };
  readonly pass: boolean;
  readonly change: TestChange;
}

export interface TestAllRun {
  readonly at: string;
  /** The day asked for, or today when every item was tested on a day of its own period. */
  readonly asOf: string;
  /** The days the questions were asked for. */
  readonly dates: readonly string[];
  readonly items: number;
  readonly variants: number;
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  /** New failures first, then those still failing, then fixed, then passing. */
  readonly cases: readonly TestAllCase[];
  readonly comparison: {
    readonly previousAt?: string;
    readonly newFailures: number;
    readonly stillFailing: number;
    readonly fixed: number;
    /** Cases of the previous run no longer asked (a variant removed or reworded). */
    readonly removed: number;
  };
}

export interface TestBench {
  explain(
    question: string,
    asOf?: string,
    options?: { readonly includeDrafts?: boolean },
  ): Promise<BenchExplanation>;
  /**
   * Without `asOf`, every published item is tested: on today when it is in effect today,
   * otherwise on the first day of its period (old rules and rules to come are checked against
   * the items live with them). With `asOf`, only the items in effect on that day.
   */
  testAll(options?: { readonly asOf?: string; readonly previous?: TestAllRun }): Promise<TestAllRun>;
  /** The whole bot's answer over a given set of live items (confirms an editor's collision). */
  readonly answeringItem: AnsweringItem;
}

const CHANGE_ORDER: readonly TestChange[] = ['new-failure', 'still-failing', 'fixed', 'passing'];

export function createTestBench(deps: TestBenchDeps): TestBench {
  const fold = (text: string) => readMessage(text).folded;

  interface Candidates {
    readonly key: string;
    readonly live: readonly FaqItem[];
    readonly drafts: ReadonlySet<string>;
    readonly routing: IntentRouting;
    readonly fallbackSkill: Skill;
    readonly matchers: Map<string, FaqMatcher>;
  }
  /**
   * The candidate items (published, and drafts promoted when asked), with the router, knowledge
   * skill and matchers built over them: kept while no item changes, so asking many questions
   * does not rebuild them for each (the core caches its own work per item list too).
   */
  const cache = new Map<boolean, Candidates>();
  /** The router and knowledge skill the bot would answer with if `live` were the published items. */
  const answerersOver = (live: readonly FaqItem[]) => {
    const faqs: FaqSource = { items: async () => live };
    const knowledge: KnowledgeDeps = {
      index: deps.index,
      faqs,
      ...(deps.settings ? { settings: deps.settings } : {}),
      ...(deps.dense ? { dense: deps.dense } : {}),
    };
    return { routing: new IntentRouting(faqs, fold), fallbackSkill: createKnowledgeSkill(knowledge) };
  };
  const candidates = async (includeDrafts: boolean): Promise<Candidates> => {
    const [stored, served] = await Promise.all([deps.store.list(), deps.store.listLive()]);
    const key = [...stored, ...served].map((item) => `${item.id}@${item.version}`).join(',');
    const kept = cache.get(includeDrafts);
    if (kept?.key === key) return kept;
    // What citizens are served; with drafts, each draft stands in for its item's live version.
    const draftItems = includeDrafts ? stored.filter((item) => item.status === 'draft') : [];
    const drafts = new Set(draftItems.map((item) => item.id));
    const live: FaqItem[] = [
      ...served.filter((item) => !drafts.has(item.id)),
      ...draftItems.map((item): FaqItem => ({ ...item, status: 'published' })),
    ];
    const built: Candidates = {
      key,
      live,
      drafts: includeDrafts ? drafts : new Set(),
      ...answerersOver(live),
      matchers: new Map(),
    };
    cache.set(includeDrafts, built);
    return built;
  };

  /** The bot as it would answer on `asOf`. */
  const world = async (asOf: string, includeDrafts: boolean) => {
    const built = await candidates(includeDrafts);
    const dialogue: DialogueDeps = {
      clock: deps.clock,
      skills: deps.skills,
      routing: built.routing,
      fallbackSkill: built.fallbackSkill,
      asOf,
    };
    let matcher = built.matchers.get(asOf);
    if (!matcher) {
      matcher = new FaqMatcher(candidatesFor(built.live, asOf), deps.index.analyzer);
      built.matchers.set(asOf, matcher);
    }
    const isDraft = (id: string | undefined) => id !== undefined && built.drafts.has(id);
    return { live: built.live, dialogue, routing: built.routing, matcher, isDraft };
  };

  let turn = 0;
  const ask = async (text: string, dialogue: DialogueDeps): Promise<Reply | undefined> => {
    const sentAt = deps.clock.now().toISOString();
    turn++;
    const message: InboundMessage = {
      channel: 'cli',
      messageId: `bench-${turn}`,
      chatId: `bench-${turn}`,
      sentAt,
      kind: 'text',
      text,
    };
    // A fresh chat each time: no pending question or earlier answer changes the reading.
    return (await handleMessage(message, { key: `cli:bench-${turn}`, updatedAt: sentAt }, dialogue)).reply;
  };

  const skillOf = (reply: Reply | undefined): string => {
    if (!reply) return 'dialogue';
    const owner = deps.skills.find((skill) => skill.intents?.includes(reply.intent));
    if (owner) return owner.name;
    if (reply.path === 'faq' || reply.path === 'document' || reply.intent === 'faq:clarify')
      return 'knowledge';
    if (reply.path === 'calculator' || reply.path === 'slot' || reply.path === 'card') {
      const prefix = reply.intent.split('.')[0] ?? '';
      const family = deps.skills.find((skill) =>
        skill.intents?.some((intent) => intent.startsWith(`${prefix}.`)),
      );
      if (family) return family.name;
    }
    return 'dialogue';
  };

  return {
    answeringItem: async (text, live, asOf) => {
      const reply = await ask(text, { clock: deps.clock, skills: deps.skills, ...answerersOver(live), asOf });
      const intent = reply?.intent ?? 'none';
      return reply?.path === 'faq' && intent.startsWith('faq:')
        ? { faqId: intent.slice(4), intent }
        : { intent };
    },

    async explain(question, asOf, options = {}) {
      const day = asOf ?? vietnamDate(deps.clock.now());
      const includeDrafts = options.includeDrafts === true;
      const { dialogue, routing, matcher, isDraft } = await world(day, includeDrafts);
      const typed = toNfc(question).trim();
      const forms: BenchForm[] = [];
      for (const [form, text] of [
        ['typed', typed],
        ['folded', foldVietnamese(typed)],
      ] as const) {
        const read = normalizeCitizenText(text).text;
        const reply = await ask(text, dialogue);
        const [best, runnerUp] = matcher.match(read, 2);
        const passages = await searchPassages(deps.index, read, 2, deps.dense);
        const ranked = await routing.rank(readMessage(text), day);
        const faqId =
          reply?.path === 'faq' && reply.intent.startsWith('faq:') ? reply.intent.slice(4) : undefined;
        const candidate = (match: typeof best): BenchFaqCandidate | undefined =>
          match && {
            id: match.item.id,
            score: round(match.score),
            variant: match.variant,
            draft: isDraft(match.item.id),
          };
        const passage = (found: Passage | undefined): BenchPassage | undefined =>
          found && {
            document: found.document.title,
            ...(found.chunk.headings.length > 0 ? { section: found.chunk.headings.join(' › ') } : {}),
            score: round(found.score),
            coverage: round(coverage(read, found, deps.index)),
          };
        const intent = (entry: RankedIntent | undefined): BenchIntent | undefined =>
          entry && {
            intent: entry.intent,
            score: round(entry.score),
            example: entry.example,
            draft: entry.intent.startsWith('faq:') && isDraft(entry.intent.slice(4)),
          };
        const settings = deps.settings ?? DEFAULT_SETTINGS;
        forms.push({
          form,
          question: text,
          read,
          text: reply?.text ?? '',
          intent: reply?.intent ?? 'none',
          path: reply?.path ?? 'ignored',
          citations: reply?.citations ?? [],
          ...(reply?.buttons ? { buttons: reply.buttons } : {}),
          ...(reply?.asOf ? { asOf: reply.asOf } : {}),
          skill: skillOf(reply),
          ...(faqId ? { faqId } : {}),
          draft: isDraft(faqId),
          faq: {
            ...optional('best', candidate(best)),
            ...optional('runnerUp', candidate(runnerUp)),
            confident: settings.faqConfidence,
          },
          passages: {
            ...optional('best', passage(passages[0])),
            ...optional('runnerUp', passage(passages[1])),
            confident: settings.documentConfidence,
          },
          routing: { ...optional('best', intent(ranked[0])), ...optional('runnerUp', intent(ranked[1])) },
        });
      }
      return { question: typed, asOf: day, includeDrafts, forms };
    },

    async testAll(options = {}) {
      const today = vietnamDate(deps.clock.now());
      const stored = await deps.store.listLive();
      // Each item on one day it is live: the given day (only the items in effect then), or
      // today for the items in effect today and the first day of its period for the others.
      const dayOf = (item: FaqItem): string | undefined => {
        if (options.asOf !== undefined) return isInEffect(item, options.asOf) ? options.asOf : undefined;
        return isInEffect(item, today) ? today : item.effectiveFrom;
      };
      const byDay = new Map<string, FaqItem[]>();
      for (const item of stored.sort((a, b) => a.id.localeCompare(b.id))) {
        const day = dayOf(item);
        if (day !== undefined) byDay.set(day, [...(byDay.get(day) ?? []), item]);
      }
      const previous = new Map((options.previous?.cases ?? []).map((entry) => [caseKey(entry), entry]));
      const cases: TestAllCase[] = [];
      let variants = 0;
      let items = 0;
      for (const [asOf, tested] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
        const { dialogue, matcher, live } = await world(asOf, false);
        const candidates = candidatesFor(live, asOf).length;
        items += tested.length;
        for (const item of tested) {
          for (const variant of item.questions) {
            variants++;
            for (const { form, text } of variantForms(variant)) {
              const reply = await ask(text, dialogue);
              const expected = `faq:${item.id}`;
              const got = reply?.intent ?? 'none';
              const pass = got === expected && reply?.path === 'faq';
              const matches = matcher.match(normalizeCitizenText(text).text, candidates);
              const own = matches.find((match) => match.item.id === item.id)?.score ?? 0;
              const top = matches[0];
              const before = previous.get(caseKey({ id: item.id, form, variant }));
              const change: TestChange = pass
                ? before && !before.pass
                  ? 'fixed'
                  : 'passing'
                : before && !before.pass
                  ? 'still-failing'
                  : 'new-failure';
              cases.push({
                id: item.id,
                variant,
                form,
                question: text,
                asOf,
                expected,
                got,
                path: reply?.path ?? 'ignored',
                score: round(own),
                ...(top && top.item.id !== item.id
                  ? { best: { id: top.item.id, score: round(top.score) } }
                  : {}),
                pass,
                change,
              });
            }
          }
        }
      }
      const asked = new Set(cases.map(caseKey));
      const ordered = CHANGE_ORDER.flatMap((change) => cases.filter((entry) => entry.change === change));
      const count = (change: TestChange) => cases.filter((entry) => entry.change === change).length;
      const passed = cases.filter((entry) => entry.pass).length;
      return {
        at: deps.clock.now().toISOString(),
        asOf: options.asOf ?? today,
        dates: [...byDay.keys()].sort(),
        items,
        variants,
        total: cases.length,
        passed,
        failed: cases.length - passed,
        cases: ordered,
        comparison: {
          ...(options.previous ? { previousAt: options.previous.at } : {}),
          newFailures: count('new-failure'),
          stillFailing: count('still-failing'),
          fixed: count('fixed'),
          removed: [...previous.keys()].filter((key) => !asked.has(key)).length,
        },
      };
    },
  };
}

/** The run as a CSV file (UTF-8 with BOM, formula-safe), for the "Tải CSV" button. */
export function testAllCsv(run: TestAllRun): string {
  return writeCsv([
    ['id', 'form', 'question', 'asOf', 'expected', 'got', 'path', 'score', 'best', 'pass', 'change'],
    ...run.cases.map((entry) => [
      entry.id,
      entry.form,
      entry.question,
      entry.asOf,
      entry.expected,
      entry.got,
      entry.path,
      String(entry.score),
      entry.best ? `${entry.best.id} (${entry.best.score})` : '',
      entry.pass ? 'pass' : 'fail',
      entry.change,
    ]),
  ]);
}

function caseKey(entry: Pick<TestAllCase, 'id' | 'form' | 'variant'>): string {
  return `${entry.id}\u0000${entry.form}\u0000${entry.variant}`;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
