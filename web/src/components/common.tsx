/** Small pieces shared by the screens. All staff and citizen text is rendered as text. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { formatCitation } from '../lib/diff.js';
import type { Citation, FaqStatus } from '../types.js';
import { vi } from '../vi.js';

export function StatusBadge({ status }: { status: FaqStatus }) {
  return (
    <span class={`badge status-${status}`} data-status={status}>
      {vi.status[status] ?? status}
    </span>
  );
}

export function Notice(props: {
  kind: 'ok' | 'error' | 'info';
  testId?: string;
  children: ComponentChildren;
}) {
  return (
    <p
      class={`notice notice-${props.kind}`}
      role={props.kind === 'error' ? 'alert' : 'status'}
      data-testid={props.testId}
    >
      {props.children}
    </p>
  );
}

/** Text with its line breaks kept (answers, replies): CSS white-space, never HTML. */
export function PlainText(props: { text: string; testId?: string; class?: string }) {
  return (
    <div class={`plain-text ${props.class ?? ''}`} data-testid={props.testId}>
      {props.text}
    </div>
  );
}

export function CitationList({ citations, testId }: { citations: readonly Citation[]; testId?: string }) {
  if (citations.length === 0) return <p class="muted">{vi.none}</p>;
  return (
    <ul class="citations" data-testid={testId}>
      {citations.map((citation) => (
        <li key={formatCitation(citation)}>{formatCitation(citation)}</li>
      ))}
    </ul>
  );
}

export interface ConfirmProps {
  readonly title: string;
  readonly children: ComponentChildren;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly danger?: boolean;
}

/** A modal question with the confirming button focused; Escape cancels. */
export function ConfirmDialog(props: ConfirmProps) {
  const ok = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    ok.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') props.onCancel();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  return (
    <dialog open aria-modal="true" aria-labelledby="confirm-title" data-testid="confirm-dialog">
      <article>
        <header>
          <h3 id="confirm-title">{props.title}</h3>
        </header>
        {props.children}
        <footer>
          <button type="button" class="secondary" onClick={props.onCancel} data-testid="confirm-cancel">
            {vi.cancel}
          </button>
          <button
            type="button"
            ref={ok}
            class={props.danger ? 'contrast' : undefined}
            onClick={props.onConfirm}
            data-testid="confirm-ok"
          >
            {props.confirmLabel}
          </button>
        </footer>
      </article>
    </dialog>
  );
}

/**
 * Any JSON value as text: strings as they are, numbers in Vietnamese format, objects as a
 * nested key/value table (two levels), deeper structures as indented JSON.
 */
export function Value({ value, depth = 0 }: { value: unknown; depth?: number }) {
  if (value === null || value === undefined) return <span class="muted">—</span>;
  if (typeof value === 'string') return <span class="plain-text">{value}</span>;
  if (typeof value === 'number') return <span>{new Intl.NumberFormat('vi-VN').format(value)}</span>;
  if (typeof value === 'boolean') return <span>{value ? vi.yes : vi.no}</span>;
  if (Array.isArray(value) && value.every((entry) => typeof entry !== 'object' || entry === null))
    return <span>{value.length === 0 ? vi.none : value.map((entry) => String(entry)).join(', ')}</span>;
  if (depth < 2 && typeof value === 'object' && !Array.isArray(value))
    return <KeyValueTable entries={Object.entries(value as Record<string, unknown>)} depth={depth + 1} />;
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}

export function KeyValueTable(props: {
  entries: readonly (readonly [string, unknown])[];
  depth?: number;
  testId?: string;
}) {
  return (
    <table class="kv" data-testid={props.testId}>
      <tbody>
        {props.entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>
              <Value value={value} depth={props.depth ?? 0} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
