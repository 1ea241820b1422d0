/**
 * Phản hồi 👎: the 👎 of a range grouped by the source that answered (an FAQ item, a document
 * section, a calculator), each group opening to its turns, where an analyst marks "the
 * answer was right, the person disliked the rule" (counted apart) or suggests a change.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, describeError } from '../../api.js';
import { Notice } from '../../components/common.js';
import { type FeedbackGroup, query, type Turn } from '../../lib/analyst.js';
import { hashFor } from '../../lib/routes.js';
import { navigate } from '../../router.js';
import { vi } from '../../vi.js';
import { RangeBar, rangeFrom } from './RangeBar.js';
import { TurnTable } from './Turns.js';

export function Feedback({ params }: { params: Readonly<Record<string, string>> }) {
  const range = rangeFrom(params);
  const [groups, setGroups] = useState<FeedbackGroup[]>();
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  useEffect(() => {
    api<FeedbackGroup[]>(
      'GET',
      `/api/analytics/feedback${query({ from: range.from, to: range.to, channel: range.channel })}`,
    )
      .then(setGroups)
      .catch((failure: unknown) => setError(describeError(failure)));
  }, [range.from, range.to, range.channel]);
  const f = vi.analyst.feedback;
  const replace = (turn: Turn, change: Partial<Turn>) =>
    setGroups((current) =>
      current?.map((group) => ({
        ...group,
        turns: group.turns.map((t) =>
          t.turnId === turn.turnId && t.chatHash === turn.chatHash ? { ...t, ...change } : t,
        ),
      })),
    );
  return (
    <section data-testid="feedback">
      <h2>{f.title}</h2>
      <p>{f.hint}</p>
      <RangeBar
        range={range}
        onChange={(next) =>
          navigate({
            name: 'feedback',
            params: { from: next.from, to: next.to, ...(next.channel ? { channel: next.channel } : {}) },
          })
        }
      />
      {error ? <Notice kind="error">{error}</Notice> : null}
      {message ? <Notice kind="ok">{message}</Notice> : null}
      {!groups ? (
        <p aria-busy="true">{vi.loading}</p>
      ) : groups.length === 0 ? (
        <p>{f.empty}</p>
      ) : (
        groups.map((group) => (
          <details key={group.source} data-testid="feedback-group">
            <summary>
              {f.kinds[group.kind] ?? group.kind}{' '}
              {group.kind === 'faq' ? (
                <a href={hashFor({ name: 'faq-edit', id: group.label })}>{group.label}</a>
              ) : (
                group.label
              )}{' '}
              — {f.count(group.count, group.ruleDisliked)}
            </summary>
            <TurnTable
              turns={group.turns}
              onNotes={(turn, notes) => replace(turn, { notes })}
              onMessage={setMessage}
              showThread
            />
          </details>
        ))
      )}
    </section>
  );
}
