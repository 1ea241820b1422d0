/**
 * Câu hỏi chưa trả lời: gap clusters with their label, representative, counts, first/last
 * seen, a sparkline, status and the nearest FAQ; one step to a draft FAQ, add to an existing
 * item (editors), ignore with a reason, merge, split. Members are shown as text only.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, describeError } from '../../api.js';
import { Notice } from '../../components/common.js';
import { dayLabel, type Gap, query, timeLabel } from '../../lib/analyst.js';
import { can } from '../../lib/roles.js';
import { hashFor } from '../../lib/routes.js';
import { navigate } from '../../router.js';
import type { Me } from '../../types.js';
import { vi } from '../../vi.js';
import { RangeBar, rangeFrom } from './RangeBar.js';

const SPARKS = '▁▂▃▄▅▆▇█';

function sparkline(values: readonly number[]): string {
  const max = Math.max(1, ...values);
  return values.map((value) => SPARKS[Math.min(7, Math.round((value / max) * 7))]).join('');
}

export function Gaps({ params, me }: { params: Readonly<Record<string, string>>; me: Me }) {
  const range = rangeFrom(params, 'd30');
  const [gaps, setGaps] = useState<Gap[]>();
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const showIgnored = params.ignored === '1';

  useEffect(() => {
    setError(undefined);
    api<Gap[]>('GET', `/api/gaps${query({ from: range.from, to: range.to })}`)
      .then(setGaps)
      .catch((failure: unknown) => setError(describeError(failure)));
  }, [range.from, range.to, generation]);

  const act = async (path: string, body: unknown, done: (result: Record<string, unknown>) => string) => {
    setError(undefined);
    try {
      const result = await api<Record<string, unknown>>('POST', path, body);
      setMessage(done(result));
      setGeneration((n) => n + 1);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const body = { from: range.from, to: range.to };
  const g = vi.analyst.gaps;
  const shown = (gaps ?? []).filter((gap) => showIgnored || gap.status !== 'ignored');

  return (
    <section data-testid="gaps">
      <h2>{g.title}</h2>
      <p>{g.hint}</p>
      <RangeBar
        range={range}
        channels={false}
        onChange={(next) => navigate({ name: 'gaps', params: { ...params, from: next.from, to: next.to } })}
      />
      <label>
        <input
          type="checkbox"
          checked={showIgnored}
          onChange={(event) =>
            navigate({ name: 'gaps', params: { ...params, ignored: event.currentTarget.checked ? '1' : '' } })
          }
        />
        {g.showIgnored}
      </label>
      {error ? (
        <Notice kind="error" testId="gap-error">
          {error}
        </Notice>
      ) : null}
      {message ? (
        <Notice kind="ok" testId="gap-message">
          {message}
        </Notice>
      ) : null}
      {!gaps ? (
        <p aria-busy="true">{vi.loading}</p>
      ) : shown.length === 0 ? (
        <p>{g.empty}</p>
      ) : (
        shown.map((gap) => (
          <GapCard
            key={gap.key}
            gap={gap}
            others={shown.filter((other) => other.key !== gap.key)}
            me={me}
            onDraft={() =>
              act(`/api/gaps/${gap.key}/draft`, body, (result) => g.drafted(String(result.faqId)))
            }
            onAdd={(faqId) =>
              act(`/api/gaps/${gap.key}/variants`, { ...body, faqId }, (result) =>
                g.added((result.added as unknown[]).length, faqId),
              )
            }
            onIgnore={(reason) =>
              act(`/api/gaps/${gap.key}/ignore`, { reason }, () => `${g.status.ignored}: ${gap.label}`)
            }
            onUnignore={() => act(`/api/gaps/${gap.key}/unignore`, {}, () => gap.label)}
            onMerge={(into) => act(`/api/gaps/${gap.key}/merge`, { ...body, into }, () => gap.label)}
            onSplit={(members) => act(`/api/gaps/${gap.key}/split`, { ...body, members }, () => gap.label)}
          />
        ))
      )}
    </section>
  );
}

function GapCard(props: {
  gap: Gap;
  others: readonly Gap[];
  me: Me;
  onDraft: () => void;
  onAdd: (faqId: string) => void;
  onIgnore: (reason: string) => void;
  onUnignore: () => void;
  onMerge: (into: string) => void;
  onSplit: (members: string[]) => void;
}) {
  const { gap } = props;
  const g = vi.analyst.gaps;
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  return (
    <article class="gap" data-testid="gap-card" data-key={gap.key} data-status={gap.status}>
      <header>
        <strong data-testid="gap-label">{gap.label}</strong>{' '}
        <span class={`badge gap-${gap.status}`}>{g.status[gap.status] ?? gap.status}</span>
        <span class="sparkline" aria-hidden="true">
          {sparkline(gap.daily)}
        </span>
      </header>
      <p class="plain-text" data-testid="gap-representative">
        {gap.representative}
      </p>
      <small>
        {g.questions(gap.questions, gap.chats)} ·{' '}
        {Object.entries(gap.channels)
          .map(([channel, count]) => `${vi.analyst.channelNames[channel] ?? channel} ${count}`)
          .join(', ')}{' '}
        · {g.seen(timeLabel(gap.firstSeen), timeLabel(gap.lastSeen))}
      </small>
      {gap.faq ? (
        <p>
          <a href={hashFor({ name: 'faq-edit', id: gap.faq.id })} data-testid="gap-faq">
            {gap.status === 'has-faq'
              ? g.hasFaq(gap.faq.id, gap.faq.version, dayLabel(gap.faq.updatedAt.slice(0, 10)))
              : `${g.openFaq} ${gap.faq.id}`}
          </a>
          {gap.dontKnowBeforeAfter
            ? ` · ${g.beforeAfter(gap.dontKnowBeforeAfter.before, gap.dontKnowBeforeAfter.after)}`
            : null}
        </p>
      ) : null}
      {gap.nearest ? (
        <p>
          <small>
            {g.nearest(gap.nearest.id, gap.nearest.score.toFixed(2))}
            {gap.nearest.band === 'almost' ? ` — ${g.almost}` : ''}
          </small>
        </p>
      ) : null}
      {gap.state?.ignored ? (
        <p>
          <small>{gap.state.ignored.reason}</small>
        </p>
      ) : null}
      <fieldset class="gap-actions group">
        {gap.faq ? null : (
          <button type="button" onClick={props.onDraft} data-testid="gap-draft">
            {g.draft}
          </button>
        )}
        {can(props.me.roles, 'suggestions.decide') ? (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              const faqId = prompt(g.addToPrompt, gap.nearest?.id ?? '')?.trim();
              if (faqId) props.onAdd(faqId);
            }}
          >
            {g.addTo}
          </button>
        ) : null}
        {gap.status === 'ignored' ? (
          <button type="button" class="outline" onClick={props.onUnignore}>
            {g.unignore}
          </button>
        ) : (
          <button
            type="button"
            class="outline"
            data-testid="gap-ignore"
            onClick={() => {
              const reason = prompt(g.ignorePrompt)?.trim();
              if (reason) props.onIgnore(reason);
            }}
          >
            {g.ignore}
          </button>
        )}
        {props.others.length > 0 ? (
          <select
            aria-label={g.merge}
            value=""
            onChange={(event) => {
              const into = event.currentTarget.value;
              if (into) props.onMerge(into);
            }}
          >
            <option value="">{g.merge}</option>
            {props.others.map((other) => (
              <option key={other.key} value={other.key}>
                {other.label}
              </option>
            ))}
          </select>
        ) : null}
      </fieldset>
      <details>
        <summary>
          {g.members} ({gap.members.length})
        </summary>
        <ul class="gap-members">
          {gap.members.map((member) => (
            <li key={member.id}>
              <label>
                <input
                  type="checkbox"
                  checked={chosen.has(member.id)}
                  onChange={(event) => {
                    const next = new Set(chosen);
                    if (event.currentTarget.checked) next.add(member.id);
                    else next.delete(member.id);
                    setChosen(next);
                  }}
                />
                <span class="plain-text">{member.question}</span>
              </label>{' '}
              <small>
                {g.why}: {member.sharedTerms.join(', ') || '—'} · {member.similarity.toFixed(2)} ·{' '}
                <a href={`#/turns?chat=${encodeURIComponent(member.chatHash)}`}>{vi.analyst.turns.thread}</a>
              </small>
            </li>
          ))}
        </ul>
        <button
          type="button"
          class="secondary"
          disabled={chosen.size === 0}
          onClick={() => props.onSplit([...chosen])}
        >
          {g.split}
        </button>
      </details>
    </article>
  );
}
