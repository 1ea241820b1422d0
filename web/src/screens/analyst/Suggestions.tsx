/**
 * Đề xuất: drafts made from gaps or 👎, with origin, evidence, author and age, waiting for an
 * editor: waiting → in progress → published | declined (with a reason the author sees).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, describeError } from '../../api.js';
import { Notice } from '../../components/common.js';
import { type Suggestion, timeLabel } from '../../lib/analyst.js';
import { can } from '../../lib/roles.js';
import { hashFor } from '../../lib/routes.js';
import type { Me } from '../../types.js';
import { vi } from '../../vi.js';

export function Suggestions({ me }: { me: Me }) {
  const [items, setItems] = useState<Suggestion[]>();
  const [error, setError] = useState<string>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    api<Suggestion[]>('GET', '/api/suggestions')
      .then(setItems)
      .catch((failure: unknown) => setError(describeError(failure)));
  }, [generation]);
  const s = vi.analyst.suggestions;
  const decide = async (id: string, status: string, reason?: string) => {
    try {
      await api('POST', `/api/suggestions/${encodeURIComponent(id)}/status`, {
        status,
        ...(reason ? { reason } : {}),
      });
      setGeneration((n) => n + 1);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const editor = can(me.roles, 'suggestions.decide');
  return (
    <section data-testid="suggestions">
      <h2>{s.title}</h2>
      <p>{s.hint}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!items ? (
        <p aria-busy="true">{vi.loading}</p>
      ) : items.length === 0 ? (
        <p>{s.empty}</p>
      ) : (
        items.map((item) => (
          <article key={item.id} data-testid="suggestion" data-status={item.status}>
            <header>
              <strong class="plain-text">{item.title}</strong>{' '}
              <span class={`badge suggestion-${item.status}`}>{s.status[item.status] ?? item.status}</span>
            </header>
            <small>
              {s.origin[item.origin] ?? item.origin} · {s.by(item.createdBy, timeLabel(item.createdAt))}
            </small>
            {item.faqId ? (
              <p>
                <a href={hashFor({ name: 'faq-edit', id: item.faqId })} data-testid="suggestion-faq">
                  {item.faqId}
                </a>
              </p>
            ) : null}
            {item.note ? <p class="plain-text">{item.note}</p> : null}
            {item.reason ? <p>{s.reason(item.reason)}</p> : null}
            <details>
              <summary>
                {s.evidence} ({item.evidence.length})
              </summary>
              <ul>
                {item.evidence.map((line) => (
                  <li key={line} class="plain-text">
                    {line}
                  </li>
                ))}
              </ul>
            </details>
            {editor && item.status !== 'published' && item.status !== 'declined' ? (
              <fieldset class="group">
                {item.status === 'waiting' ? (
                  <button type="button" class="secondary" onClick={() => void decide(item.id, 'in-progress')}>
                    {s.start}
                  </button>
                ) : null}
                <button type="button" class="secondary" onClick={() => void decide(item.id, 'published')}>
                  {s.publish}
                </button>
                <button
                  type="button"
                  class="outline"
                  onClick={() => {
                    const reason = prompt(s.declinePrompt)?.trim();
                    if (reason) void decide(item.id, 'declined', reason);
                  }}
                >
                  {s.decline}
                </button>
              </fieldset>
            ) : null}
          </article>
        ))
      )}
    </section>
  );
}
