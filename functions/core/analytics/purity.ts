/**
 * How well the gap clustering groups a labelled set: purity (each cluster counted by its most
 * frequent label), clusters, and whether every question typed without diacritics landed with
 * its accented original. Used by `npm run eval:clusters` and its test.
 */
import { GapClusterer } from './cluster.js';

export interface LabelledQuestion {
  readonly question: string;
  readonly topic: string;
  /** For an unaccented copy: the accented original. */
  readonly of?: string;
}

export interface PurityReport {
  readonly threshold: number;
  readonly questions: number;
  readonly topics: number;
  readonly clusters: number;
  readonly multiMember: number;
  readonly purity: number;
  /** Unaccented copies in the same cluster as their original, and how many there are. */
  readonly copiesJoined: number;
  readonly copies: number;
}

export function clusterPurity(
  labelled: readonly LabelledQuestion[],
  threshold: number,
  clusterer = new GapClusterer(),
): PurityReport {
  const questions = labelled.map((row, index) => ({
    id: `q${String(index).padStart(4, '0')}`,
    question: row.question,
    chatHash: `c${index}`,
    channel: 'zalo',
    at: '2026-11-30T00:00:00.000Z',
  }));
  const topicOf = new Map(questions.map((q, index) => [q.id, labelled[index]?.topic ?? '']));
  const clusters = clusterer.cluster(questions, { threshold });
  let majority = 0;
  const clusterOfQuestion = new Map<string, string>();
  for (const cluster of clusters) {
    const counts = new Map<string, number>();
    for (const member of cluster.members) {
      const topic = topicOf.get(member.id) ?? '';
      counts.set(topic, (counts.get(topic) ?? 0) + 1);
      clusterOfQuestion.set(member.question, cluster.key);
    }
    majority += Math.max(...counts.values());
  }
  const copies = labelled.filter((row) => row.of !== undefined);
  const joined = copies.filter(
    (row) => clusterOfQuestion.get(row.question) === clusterOfQuestion.get(row.of as string),
  );
  const clustered = clusters.reduce((sum, cluster) => sum + cluster.questions, 0);
  return {
    threshold,
    questions: labelled.length,
    topics: new Set(labelled.map((row) => row.topic)).size,
    clusters: clusters.length,
    multiMember: clusters.filter((cluster) => cluster.questions > 1).length,
    purity: clustered === 0 ? 0 : Math.round((majority / clustered) * 1000) / 1000,
    copiesJoined: joined.length,
    copies: copies.length,
  };
}
