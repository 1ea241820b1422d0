/**
 * Gap clustering with the bot's own reading of Vietnamese: the same question with and
 * without diacritics or in chat shorthand lands in one cluster, unrelated questions do not,
 * and keys survive recomputation (so "ignored" and "has a FAQ" stick).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CLUSTER_THRESHOLD,
  distinctQuestions,
  GapClusterer,
  type GapQuestion,
} from '../../../functions/core/analytics/cluster.js';
import { clusterPurity } from '../../../functions/core/analytics/purity.js';

const clusterer = new GapClusterer();
let counter = 0;
const ask = (question: string, channel = 'zalo'): GapQuestion => ({
  id: `t${String(++counter).padStart(4, '0')}`,
  question,
  chatHash: `chat-${counter}`,
  channel,
  at: `2026-11-${String(10 + (counter % 15)).padStart(2, '0')}T03:00:00.000Z`,
});

const HOUSEHOLD = [
  'mức đóng bhyt hộ gia đình là bao nhiêu',
  'muc dong bhyt ho gia dinh la bao nhieu',
  'muc dong bhyt hgd bn',
  'Mức đóng BHYT hộ gia đình năm nay?',
];
const LOST_CARD = [
  'mất thẻ bhyt thì làm lại ở đâu',
  'mat the bhyt lam lai o dau',
  'mất thẻ BHYT làm lại ở đâu ạ',
];
const PENSION = ['lương hưu được tính như thế nào', 'luong huu duoc tinh nhu the nao'];

function clusterOf(clusters: ReturnType<GapClusterer['cluster']>, question: string) {
  return clusters.find((cluster) => cluster.members.some((member) => member.question === question));
}

describe('gap clustering', () => {
  const questions = [...HOUSEHOLD, ...LOST_CARD, ...PENSION].map((q) => ask(q));
  const clusters = clusterer.cluster(questions);

  it('accented, unaccented and shorthand forms of one question land together', () => {
    for (const group of [HOUSEHOLD, LOST_CARD, PENSION]) {
      const keys = new Set(group.map((question) => clusterOf(clusters, question)?.key));
      expect(keys.size, group.join(' / ')).toBe(1);
      expect(clusterOf(clusters, group[0] as string)?.questions).toBe(group.length);
    }
  });

  it('unrelated questions stay apart', () => {
    const keys = [HOUSEHOLD[0], LOST_CARD[0], PENSION[0]].map((q) => clusterOf(clusters, q as string)?.key);
    expect(new Set(keys).size).toBe(3);
    expect(clusters).toHaveLength(3);
  });

  it('labels in accented words, an accented representative, counts and dates', () => {
    const household = clusterOf(clusters, HOUSEHOLD[0] as string);
    expect(household?.label).toContain('hộ gia đình');
    expect(household?.representative).toMatch(/[ộứ]/);
    expect(household?.chats).toBe(4);
    expect(household?.channels).toEqual({ zalo: 4 });
    expect((household?.firstSeen ?? 'z') <= (household?.lastSeen ?? '')).toBe(true);
    expect(household?.members.every((member) => member.similarity > 0.4)).toBe(true);
  });

  it('keys are the same when the clusters are computed again, in any order', () => {
    const again = clusterer.cluster([...questions].reverse());
    expect(again.map((cluster) => cluster.key).sort()).toEqual(clusters.map((cluster) => cluster.key).sort());
  });

  it('a known key sticks to its cluster when new questions change the leader', () => {
    const lostKey = clusterOf(clusters, LOST_CARD[0] as string)?.key as string;
    const more = [
      'mất thẻ bảo hiểm y tế phải làm sao',
      'mat the bao hiem y te phai lam sao',
      'mất thẻ bảo hiểm y tế phải làm sao ạ',
    ].flatMap((q) => [ask(q), ask(q)]);
    const grown = clusterer.cluster([...questions, ...more], { knownKeys: new Set([lostKey]) });
    const lost = clusterOf(grown, LOST_CARD[0] as string);
    expect(lost?.key).toBe(lostKey);
    expect(lost?.questions).toBe(LOST_CARD.length + more.length);
  });

  it('pins place groups by hand: a merge and a split', () => {
    const household = clusterOf(clusters, HOUSEHOLD[0] as string);
    const pension = clusterOf(clusters, PENSION[0] as string);
    const merged = clusterer.cluster(questions, {
      pins: new Map((pension?.groupKeys ?? []).map((group) => [group, household?.key as string])),
    });
    expect(clusterOf(merged, PENSION[0] as string)?.key).toBe(household?.key);
    // The shorthand form reads exactly like the accented one: the same group (same words).
    const groupOf = (question: string) =>
      clusterOf(clusters, question)?.members.find((member) => member.question === question)
        ?.groupKey as string;
    expect(groupOf('muc dong bhyt hgd bn')).toBe(groupOf(HOUSEHOLD[0] as string));
    const thisYear = groupOf(HOUSEHOLD[3] as string);
    expect(thisYear).not.toBe(household?.key);
    const split = clusterer.cluster(questions, { pins: new Map([[thisYear, thisYear]]) });
    expect(clusterOf(split, HOUSEHOLD[3] as string)?.key).toBe(thisYear);
    expect(clusterOf(split, HOUSEHOLD[3] as string)?.questions).toBe(1);
    expect(clusterOf(split, HOUSEHOLD[0] as string)?.questions).toBe(3);
  });

  it('numbers do not split a question: "2 triệu" and "1tr5" group together', () => {
    const result = clusterer.cluster([
      ask('đóng bhxh tự nguyện thu nhập 2 triệu'),
      ask('dong bhxh tu nguyen thu nhap 1tr5'),
    ]);
    expect(result).toHaveLength(1);
  });

  it('accents decide when both sides have them: "mất thẻ" is not "mật khẩu"', () => {
    const result = clusterer.cluster([ask('mất thẻ bhyt'), ask('mất thẻ bhyt rồi'), ask('mật khẩu vssid')]);
    expect(clusterOf(result, 'mật khẩu vssid')?.questions).toBe(1);
  });
});

describe('distinct questions for a draft', () => {
  it('drops folded duplicates and keeps the accented spelling', () => {
    expect(distinctQuestions(['muc dong bhyt', 'Mức đóng BHYT', 'mức đóng bhyt?', 'khác'])).toEqual([
      'Mức đóng BHYT',
      'khác',
    ]);
  });
});

describe('purity on the labelled set (tests/fixtures/analytics/gap-questions.jsonl)', () => {
  it('at the shipped threshold: every cluster one topic, every unaccented copy with its original', () => {
    const labelled = readFileSync(
      new URL('../../fixtures/analytics/gap-questions.jsonl', import.meta.url),
      'utf8',
    )
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.includes('"$comment"'))
      .map((line) => JSON.parse(line) as { question: string; topic: string; of?: string });
    const report = clusterPurity(labelled, DEFAULT_CLUSTER_THRESHOLD);
    expect(report.purity).toBeGreaterThanOrEqual(0.95);
    expect(report.copiesJoined).toBe(report.copies);
    // Not one cluster per question either: most topics gather in one or two clusters.
    expect(report.clusters).toBeLessThanOrEqual(report.topics * 2);
  });
});
