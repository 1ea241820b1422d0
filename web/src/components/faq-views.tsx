/** Read-only renderings of an FAQ item and of the difference between two versions. */
import { formatPeriod, formatViDate } from '../lib/dates.js';
import { diffFaq, type ListDiff, type ValueChange } from '../lib/diff.js';
import type { FaqContent, FaqItem, FaqStatus } from '../types.js';
import { vi } from '../vi.js';
import { CitationList, PlainText, StatusBadge } from './common.js';

export function ItemView({ item, testId }: { item: FaqItem; testId?: string }) {
  return (
    <dl class="item-view" data-testid={testId}>
      <dt>{vi.fields.questions}</dt>
      <dd>
        <ol>
          {item.questions.map((question) => (
            <li key={question}>{question}</li>
          ))}
        </ol>
      </dd>
      <dt>{vi.fields.answer}</dt>
      <dd>
        <PlainText text={item.answer} class="preview" />
      </dd>
      <dt>{vi.fields.citations}</dt>
      <dd>
        <CitationList citations={item.citations} />
      </dd>
      <dt>{vi.faqList.columns.period}</dt>
      <dd>{formatPeriod(item.effectiveFrom, item.effectiveTo)}</dd>
      <dt>{vi.fields.tags}</dt>
      <dd>{item.tags.length > 0 ? item.tags.join(', ') : vi.none}</dd>
      <dt>{vi.fields.status}</dt>
      <dd>
        <StatusBadge status={item.status} />
      </dd>
    </dl>
  );
}

function ListChanges({ label, diff }: { label: string; diff: ListDiff }) {
  if (diff.added.length === 0 && diff.removed.length === 0) return null;
  return (
    <section class="diff-field">
      <h4>{label}</h4>
      <ul class="diff-list">
        {diff.removed.map((entry) => (
          <li key={`-${entry}`} class="diff-del">
            <span class="diff-sign" aria-hidden="true">
              −
            </span>
            <span class="sr-only">{vi.diff.removed}: </span> {entry}
          </li>
        ))}
        {diff.added.map((entry) => (
          <li key={`+${entry}`} class="diff-add">
            <span class="diff-sign" aria-hidden="true">
              +
            </span>
            <span class="sr-only">{vi.diff.added}: </span> {entry}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ValueChangeRow({
  label,
  change,
  format,
}: {
  label: string;
  change: ValueChange | undefined;
  format: (value: string) => string;
}) {
  if (!change) return null;
  const show = (value: string) => (value ? format(value) : vi.diff.empty);
  return (
    <section class="diff-field">
      <h4>{label}</h4>
      <p>
        <del>{show(change.before)}</del> → <ins>{show(change.after)}</ins>
      </p>
    </section>
  );
}

/** What changed from `before` to `after`. */
export function DiffView({
  before,
  after,
  testId,
}: {
  before: FaqContent;
  after: FaqContent;
  testId?: string;
}) {
  const diff = diffFaq(before, after);
  if (!diff.changed)
    return (
      <p class="muted" data-testid={testId}>
        {vi.diff.none}
      </p>
    );
  const reordered =
    diff.questions.added.length === 0 &&
    diff.questions.removed.length === 0 &&
    before.questions.join('\n') !== after.questions.join('\n');
  return (
    <div class="diff" data-testid={testId}>
      <ListChanges label={vi.fields.questions} diff={diff.questions} />
      {reordered ? (
        <section class="diff-field">
          <h4>{vi.fields.questions}</h4>
          <ol>
            {after.questions.map((question) => (
              <li key={question}>{question}</li>
            ))}
          </ol>
        </section>
      ) : null}
      {diff.answer ? (
        <section class="diff-field">
          <h4>{vi.fields.answer}</h4>
          <pre class="diff-lines">
            {diff.answer.map((line, index) => (
              <div
                key={index}
                class={line.op === 'add' ? 'diff-add' : line.op === 'del' ? 'diff-del' : 'diff-same'}
              >
                {line.op === 'add' ? '+ ' : line.op === 'del' ? '− ' : '  '}
                {line.text}
              </div>
            ))}
          </pre>
        </section>
      ) : null}
      <ListChanges label={vi.fields.citations} diff={diff.citations} />
      <ListChanges label={vi.fields.tags} diff={diff.tags} />
      <ValueChangeRow label={vi.fields.effectiveFrom} change={diff.effectiveFrom} format={formatViDate} />
      <ValueChangeRow label={vi.fields.effectiveTo} change={diff.effectiveTo} format={formatViDate} />
      <ValueChangeRow
        label={vi.fields.status}
        change={diff.status}
        format={(status) => vi.status[status as FaqStatus] ?? status}
      />
    </div>
  );
}
