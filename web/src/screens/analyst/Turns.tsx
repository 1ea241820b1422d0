/**
 * Hội thoại: the turns of a filter (date, channel, intent, path, feedback, reviewed, tag,
 * latency, accent-insensitive search over at most 31 days), newest first and paged; one
 * chat's thread; tags, "reviewed", "the rule was disliked", a suggestion; the CSV export.
 * Everything shown is the redacted log, rendered as text.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, describeError } from '../../api.js';
import { CitationList, Notice, PlainText } from '../../components/common.js';
import {
  addDays,
  isDemoChat,
  query,
  type Turn,
  type TurnNotes,
  type TurnPage,
  timeLabel,
} from '../../lib/analyst.js';
import { hashFor } from '../../lib/routes.js';
import { navigate } from '../../router.js';
import { vi } from '../../vi.js';
import { RangeBar, type RangeParams, rangeFrom } from './RangeBar.js';

const FILTERS = [
  'q',
  'path',
  'intent',
  'feedback',
  'reviewed',
  'tag',
  'minLatencyMs',
  'hasCitation',
  'handoff',
] as const;

/** The search window: at most 31 days, ending on `to`. */
function bounded(range: RangeParams): RangeParams {
  const earliest = addDays(range.to, -30);
  return range.from < earliest ? { ...range, from: earliest } : range;
}

export function Turns({ params }: { params: Readonly<Record<string, string>> }) {
  if (params.chat) return <Thread chat={params.chat} back={params} />;
  return <TurnList params={params} />;
}

function apiParams(
  params: Readonly<Record<string, string>>,
  range: RangeParams,
): Record<string, string | undefined> {
  const filters: Record<string, string | undefined> = {
    from: range.from,
    to: range.to,
    channel: range.channel,
  };
  for (const name of FILTERS) filters[name] = params[name];
  return filters;
}

function TurnList({ params }: { params: Readonly<Record<string, string>> }) {
  const range = bounded(rangeFrom(params));
  const [page, setPage] = useState<{ turns: Turn[]; cursor?: string }>();
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const filterKey = JSON.stringify(apiParams(params, range));

  useEffect(() => {
    setPage(undefined);
    setError(undefined);
    api<TurnPage>('GET', `/api/turns${query(apiParams(params, range))}`)
      .then((first) =>
        setPage({ turns: [...first.turns], ...(first.cursor ? { cursor: first.cursor } : {}) }),
      )
      .catch((failure: unknown) => setError(describeError(failure)));
  }, [filterKey]);

  const more = async () => {
    if (!page?.cursor) return;
    try {
      const next = await api<TurnPage>(
        'GET',
        `/api/turns${query({ ...apiParams(params, range), cursor: page.cursor })}`,
      );
      setPage({ turns: [...page.turns, ...next.turns], ...(next.cursor ? { cursor: next.cursor } : {}) });
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  const go = (next: Record<string, string | undefined>) => {
    const merged: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...params, ...next })) if (value) merged[key] = value;
    navigate({ name: 'turns', params: merged });
  };
  const onNotes = (turn: Turn, notes: TurnNotes) =>
    setPage((current) =>
      current
        ? { ...current, turns: current.turns.map((t) => (t.turnId === turn.turnId ? { ...t, notes } : t)) }
        : current,
    );

  const t = vi.analyst.turns;
  return (
    <section data-testid="turns">
      <h2>{t.title}</h2>
      <RangeBar
        range={range}
        onChange={(next) => go({ from: next.from, to: next.to, channel: next.channel ?? '' })}
      />
      <form
        class="turn-filters"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const next: Record<string, string> = {};
          for (const name of FILTERS) next[name] = String(form.get(name) ?? '').trim();
          go(next);
        }}
      >
        <input
          name="q"
          type="search"
          placeholder={t.search}
          aria-label={t.search}
          defaultValue={params.q ?? ''}
          data-testid="turn-search"
        />
        <select name="path" aria-label={t.path} defaultValue={params.path ?? ''}>
          <option value="">{t.path}</option>
          {Object.entries(vi.analyst.paths).map(([path, label]) => (
            <option key={path} value={path}>
              {label}
            </option>
          ))}
        </select>
        <input
          name="intent"
          placeholder={t.intent}
          aria-label={t.intent}
          defaultValue={params.intent ?? ''}
        />
        <select name="feedback" aria-label={t.feedback} defaultValue={params.feedback ?? ''}>
          <option value="">{t.feedbackAny}</option>
          <option value="up">👍</option>
          <option value="down">👎</option>
          <option value="none">{t.feedbackNone}</option>
        </select>
        <select name="reviewed" aria-label={t.reviewed} defaultValue={params.reviewed ?? ''}>
          <option value="">{t.reviewedAny}</option>
          <option value="true">{t.reviewedYes}</option>
          <option value="false">{t.reviewedNo}</option>
        </select>
        <input name="tag" placeholder={t.tag} aria-label={t.tag} defaultValue={params.tag ?? ''} />
        <select name="hasCitation" aria-label={t.hasCitation} defaultValue={params.hasCitation ?? ''}>
          <option value="">{t.hasCitation}</option>
          <option value="true">{t.withCitation}</option>
          <option value="false">{t.withoutCitation}</option>
        </select>
        <input
          name="minLatencyMs"
          type="number"
          min="0"
          placeholder={t.minLatency}
          aria-label={t.minLatency}
          defaultValue={params.minLatencyMs ?? ''}
        />
        <input type="hidden" name="handoff" value={params.handoff ?? ''} />
        <button type="submit">{t.filter}</button>
        <a
          class="secondary button-link"
          href={`/api/turns/export.csv${query(apiParams(params, range))}`}
          download
          data-testid="turns-export"
        >
          {t.export}
        </a>
      </form>
      <small>{t.bounded}</small>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {message ? <Notice kind="ok">{message}</Notice> : null}
      {!page ? (
        <p aria-busy="true">{vi.loading}</p>
      ) : page.turns.length === 0 ? (
        <p data-testid="turns-empty">{t.empty}</p>
      ) : (
        <TurnTable turns={page.turns} onNotes={onNotes} onMessage={setMessage} showThread />
      )}
      {page?.cursor ? (
        <button type="button" class="secondary" onClick={() => void more()} data-testid="turns-more">
          {t.more}
        </button>
      ) : null}
    </section>
  );
}

export function TurnTable(props: {
  turns: readonly Turn[];
  onNotes: (turn: Turn, notes: TurnNotes) => void;
  onMessage: (message: string) => void;
  showThread?: boolean;
}) {
  const t = vi.analyst.turns;
  return (
    <div class="overflow-auto">
      <table class="turn-table" data-testid="turn-table">
        <thead>
          <tr>
            <th>{t.columns.time}</th>
            <th>{t.columns.channel}</th>
            <th>{t.columns.question}</th>
            <th>{t.columns.path}</th>
            <th>{t.columns.answer}</th>
            <th>{t.columns.feedback}</th>
            <th>{t.columns.actions}</th>
          </tr>
        </thead>
        <tbody>
          {props.turns.map((turn) => (
            <TurnRow key={`${turn.chatHash}/${turn.turnId}`} turn={turn} {...props} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TurnRow(props: {
  turn: Turn;
  onNotes: (turn: Turn, notes: TurnNotes) => void;
  onMessage: (message: string) => void;
  showThread?: boolean;
}) {
  const { turn } = props;
  const t = vi.analyst.turns;
  const [error, setError] = useState<string>();
  const annotate = async (change: Record<string, unknown>) => {
    try {
      const { notes } = await api<{ notes: TurnNotes }>(
        'POST',
        `/api/chats/${encodeURIComponent(turn.chatHash)}/turns/${encodeURIComponent(turn.turnId)}/notes`,
        change,
      );
      props.onNotes(turn, notes);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const suggest = async () => {
    const note = prompt(vi.analyst.suggestions.createPrompt);
    if (!note?.trim()) return;
    try {
      await api('POST', '/api/suggestions', {
        source: `${turn.chatHash}/${turn.turnId}`,
        title: turn.question.slice(0, 300) || turn.intent,
        note: note.trim(),
        evidence: [turn.question.slice(0, 1000)],
      });
      props.onMessage(vi.analyst.suggestions.created);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const reviewed = turn.notes?.reviewedBy !== undefined;
  return (
    <tr data-testid="turn-row" data-path={turn.path} data-day={turn.day}>
      <td>
        {timeLabel(turn.at)}
        {isDemoChat(turn.chatHash) ? <span class="badge demo">{vi.analyst.demo}</span> : null}
      </td>
      <td>{vi.analyst.channelNames[turn.channel] ?? turn.channel}</td>
      <td>
        <PlainText text={turn.question} testId="turn-question" />
        {(turn.notes?.tags ?? []).map((tag) => (
          <span key={tag.tag} class="badge tag" title={tag.by}>
            {tag.tag}
          </span>
        ))}
      </td>
      <td>
        {vi.analyst.paths[turn.path] ?? turn.path}
        <br />
        <small>{turn.intent}</small>
      </td>
      <td>
        <details>
          <summary>{turn.answer.slice(0, 80)}</summary>
          <PlainText text={turn.answer} />
          <CitationList citations={turn.citations} />
        </details>
      </td>
      <td>
        {turn.feedback === 'up' ? '👍' : turn.feedback === 'down' ? '👎' : ''}
        {turn.notes?.ruleDislikedBy ? <small> ({t.policyMark})</small> : null}
      </td>
      <td class="row-actions">
        {props.showThread ? (
          <a href={`#/turns?chat=${encodeURIComponent(turn.chatHash)}`} data-testid="open-thread">
            {t.thread}
          </a>
        ) : null}
        <button
          type="button"
          class="outline"
          onClick={() => void annotate({ reviewed: !reviewed })}
          data-testid="toggle-reviewed"
        >
          {reviewed ? t.unmarkReviewed : t.markReviewed}
        </button>
        <button
          type="button"
          class="outline"
          onClick={() => {
            const tag = prompt(t.addTag)?.trim();
            if (tag) void annotate({ addTags: [tag] });
          }}
        >
          {t.addTag}
        </button>
        {turn.feedback === 'down' ? (
          <>
            <button
              type="button"
              class="outline"
              onClick={() => void annotate({ ruleDisliked: !turn.notes?.ruleDislikedBy })}
            >
              {turn.notes?.ruleDislikedBy ? t.unRuleDisliked : t.ruleDisliked}
            </button>
            <button type="button" class="outline" onClick={() => void suggest()}>
              {vi.analyst.suggestions.create}
            </button>
          </>
        ) : null}
        {error ? <small class="error">{error}</small> : null}
      </td>
    </tr>
  );
}

function Thread({ chat, back }: { chat: string; back: Readonly<Record<string, string>> }) {
  const [turns, setTurns] = useState<Turn[]>();
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<string>();
  const load = async (from?: string) => {
    try {
      const page = await api<TurnPage>(
        'GET',
        `/api/chats/${encodeURIComponent(chat)}/turns${query({ cursor: from })}`,
      );
      setTurns((current) => [...(from ? (current ?? []) : []), ...page.turns]);
      setCursor(page.cursor);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  useEffect(() => {
    void load();
  }, [chat]);
  const { chat: _chat, ...listParams } = back;
  return (
    <section data-testid="thread">
      <h2>{vi.analyst.turns.threadTitle(chat.slice(0, 12))}</h2>
      <a href={hashFor({ name: 'turns', params: listParams })}>{vi.analyst.turns.back}</a>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!turns ? (
        <p aria-busy="true">{vi.loading}</p>
      ) : (
        <TurnTable
          turns={turns}
          onNotes={(turn, notes) =>
            setTurns((current) => current?.map((t) => (t.turnId === turn.turnId ? { ...t, notes } : t)))
          }
          onMessage={() => undefined}
        />
      )}
      {cursor ? (
        <button type="button" class="secondary" onClick={() => void load(cursor)}>
          {vi.analyst.turns.more}
        </button>
      ) : null}
    </section>
  );
}
