/**
 * Câu hỏi thường gặp: one search box (debounced, never rewritten while typing) and filters,
 * all kept in the URL hash so a view can be bookmarked or shared.
 */
import type { TargetedEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, describeError } from '../api.js';
import { Notice, StatusBadge } from '../components/common.js';
import { DateField, TextField } from '../components/fields.js';
import { formatDateTime, formatNumber, formatPeriod, formatViDate, readDateField } from '../lib/dates.js';
import { can } from '../lib/roles.js';
import { type FaqFilters, faqApiQuery, hashFor } from '../lib/routes.js';
import { navigate } from '../router.js';
import type { FaqItem, FaqStatus, Me } from '../types.js';
import { vi } from '../vi.js';

const SEARCH_DEBOUNCE_MS = 300;

function withFilters(filters: FaqFilters, patch: Partial<FaqFilters>): FaqFilters {
  const merged: Record<string, unknown> = { ...filters, ...patch };
  for (const key of Object.keys(merged)) {
    if (merged[key] === undefined || merged[key] === '' || merged[key] === false) delete merged[key];
  }
  return merged as FaqFilters;
}

/**
 * The search box: uncontrolled, debounced, quiet while an IME composes. When the hash changes
 * from outside (back button), the box follows only if staff are not typing in it.
 */
export function SearchBox(props: { value: string; onSearch: (q: string) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const timer = useRef<number>(undefined);
  const composing = useRef(false);
  useEffect(() => {
    const input = ref.current;
    if (input && document.activeElement !== input && input.value !== props.value) input.value = props.value;
  }, [props.value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const schedule = (value: string) => {
    clearTimeout(timer.current);
    timer.current = window.setTimeout(
      () => props.onSearch(value.normalize('NFC').trim()),
      SEARCH_DEBOUNCE_MS,
    );
  };
  return (
    <label for="faq-search" class="search">
      <span class="label-text">{vi.faqList.search}</span>
      <input
        ref={ref}
        id="faq-search"
        type="search"
        defaultValue={props.value}
        placeholder={vi.faqList.searchPlaceholder}
        data-testid="faq-search"
        autoComplete="off"
        onCompositionStart={() => {
          composing.current = true;
        }}
        onCompositionEnd={(event) => {
          composing.current = false;
          schedule(event.currentTarget.value);
        }}
        onInput={(event: TargetedEvent<HTMLInputElement, Event>) => {
          if (composing.current || (event as unknown as InputEvent).isComposing) return;
          schedule(event.currentTarget.value);
        }}
      />
    </label>
  );
}

export function FaqList({ filters, me }: { filters: FaqFilters; me: Me }) {
  const [items, setItems] = useState<readonly FaqItem[]>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const query = faqApiQuery(filters);
  const tagTimer = useRef<number>(undefined);
  /** Bumped by "clear filters" to re-mount the uncontrolled filter fields empty. */
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    api<FaqItem[]>('GET', `/api/faq${query}`)
      .then((list) => {
        if (current) setItems(list);
      })
      .catch((failure: unknown) => {
        if (current) setError(describeError(failure));
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [query]);
  useEffect(() => () => clearTimeout(tagTimer.current), []);

  const update = (patch: Partial<FaqFilters>) =>
    navigate({ name: 'faq-list', filters: withFilters(filters, patch) }, { replace: true });
  const editable = can(me.roles, 'faq.edit');
  const tags = [...new Set((items ?? []).flatMap((item) => item.tags))].sort(new Intl.Collator('vi').compare);
  const hasFilters = Object.keys(filters).length > 0;

  return (
    <section>
      <header class="screen-header">
        <h2>{vi.faqList.title}</h2>
        <div class="actions">
          {editable ? (
            <button type="button" onClick={() => navigate({ name: 'faq-new' })} data-testid="faq-new">
              {vi.faqList.add}
            </button>
          ) : null}
          {can(me.roles, 'faq.import') || can(me.roles, 'faq.export') ? (
            <button type="button" class="secondary" onClick={() => navigate({ name: 'import' })}>
              {vi.faqList.importExport}
            </button>
          ) : null}
        </div>
      </header>
      {editable ? null : (
        <Notice kind="info" testId="read-only-notice">
          {vi.faqList.readOnly}
        </Notice>
      )}

      <SearchBox value={filters.q ?? ''} onSearch={(q) => update({ q })} />
      <fieldset class="filters" aria-label={vi.faqList.filters}>
        <label for="faq-status">
          <span class="label-text">{vi.faqList.status}</span>
          <select
            id="faq-status"
            data-testid="faq-filter-status"
            value={filters.status ?? ''}
            onChange={(event) =>
              update({ status: (event.currentTarget.value || undefined) as FaqStatus | undefined })
            }
          >
            <option value="">{vi.faqList.allStatuses}</option>
            <option value="draft">{vi.status.draft}</option>
            <option value="published">{vi.status.published}</option>
            <option value="unpublished">{vi.status.unpublished}</option>
          </select>
        </label>
        <TextField
          key={`tag-${generation}`}
          label={vi.faqList.tag}
          initial={filters.tag ?? ''}
          list="faq-tags"
          testId="faq-filter-tag"
          onValue={(tag) => {
            clearTimeout(tagTimer.current);
            tagTimer.current = window.setTimeout(
              () => update({ tag: tag.normalize('NFC').trim() }),
              SEARCH_DEBOUNCE_MS,
            );
          }}
        />
        <datalist id="faq-tags">
          {tags.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
        <DateField
          key={`date-${generation}`}
          label={vi.faqList.inEffectOn}
          initial={formatViDate(filters.inEffectOn)}
          testId="faq-filter-date"
          onValue={(text) => {
            const date = readDateField(text);
            if (date.kind === 'date') update({ inEffectOn: date.iso });
            else if (date.kind === 'empty') update({ inEffectOn: undefined });
          }}
        />
        <label class="checkbox">
          <input
            type="checkbox"
            role="switch"
            checked={filters.expiring ?? false}
            aria-checked={filters.expiring ?? false}
            data-testid="faq-filter-expiring"
            onChange={(event) => update({ expiring: event.currentTarget.checked })}
          />
          {vi.faqList.expiring}
        </label>
        <label class="checkbox">
          <input
            type="checkbox"
            role="switch"
            checked={filters.noCitation ?? false}
            aria-checked={filters.noCitation ?? false}
            data-testid="faq-filter-no-citation"
            onChange={(event) => update({ noCitation: event.currentTarget.checked })}
          />
          {vi.faqList.noCitation}
        </label>
        {hasFilters ? (
          <button
            type="button"
            class="secondary outline"
            onClick={() => {
              clearTimeout(tagTimer.current);
              setGeneration(generation + 1);
              navigate({ name: 'faq-list', filters: {} });
            }}
          >
            {vi.faqList.clear}
          </button>
        ) : null}
      </fieldset>

      {error ? <Notice kind="error">{error}</Notice> : null}
      <div aria-busy={loading} aria-live="polite">
        {items ? <p class="muted">{vi.faqList.count(formatNumber(items.length))}</p> : null}
        {items && items.length === 0 ? <p>{vi.faqList.empty}</p> : null}
        {items && items.length > 0 ? (
          <div class="overflow-auto">
            <table class="striped" data-testid="faq-table">
              <thead>
                <tr>
                  <th scope="col">{vi.faqList.columns.id}</th>
                  <th scope="col">{vi.faqList.columns.question}</th>
                  <th scope="col">{vi.faqList.columns.status}</th>
                  <th scope="col">{vi.faqList.columns.period}</th>
                  <th scope="col">{vi.faqList.columns.version}</th>
                  <th scope="col">{vi.faqList.columns.edited}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id} data-testid="faq-row" data-id={item.id}>
                    <td>
                      <a href={hashFor({ name: 'faq-edit', id: item.id })}>{item.id}</a>
                    </td>
                    <td>{item.questions[0] ?? ''}</td>
                    <td>
                      <StatusBadge status={item.status} />
                    </td>
                    <td>{formatPeriod(item.effectiveFrom, item.effectiveTo)}</td>
                    <td>{vi.versionShort(item.version)}</td>
                    <td>{vi.editedBy(item.updatedBy, formatDateTime(item.updatedAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </section>
  );
}
