/**
 * Nhập / Xuất: pick a CSV or JSON file → dry-run report (new / changed with its diff /
 * unchanged / rejected with line and reason) → apply, adding and updating only or replacing
 * everything. Export downloads the whole FAQ as CSV or JSON.
 */
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api, describeError } from '../api.js';
import { ConfirmDialog, Notice } from '../components/common.js';
import { formatNumber } from '../lib/dates.js';
import { can } from '../lib/roles.js';
import type { ImportMode, ImportOutcome, ImportReport, ImportRowReport, Me } from '../types.js';
import { vi } from '../vi.js';

const OUTCOMES: readonly ImportOutcome[] = ['new', 'changed', 'unchanged', 'unpublished', 'rejected'];

function contentTypeFor(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.json')) return 'application/json';
  return undefined;
}

const show = (value: unknown) =>
  value === undefined || value === null || value === ''
    ? vi.diff.empty
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

function RowDetail({ row }: { row: ImportRowReport }) {
  if (row.outcome === 'rejected' || row.reason) return <span class="field-error">{row.reason ?? ''}</span>;
  if (!row.diff || row.diff.length === 0) return null;
  return (
    <ul class="import-diff">
      {row.diff.map((change) => (
        <li key={change.field}>
          <strong>{(vi.fields as Record<string, string | undefined>)[change.field] ?? change.field}</strong>:{' '}
          <del>{show(change.before)}</del> → <ins>{show(change.after)}</ins>
        </li>
      ))}
    </ul>
  );
}

function Report({ report }: { report: ImportReport }) {
  return (
    <section data-testid={report.dryRun ? 'import-dry-run' : 'import-applied'}>
      <h3>{report.dryRun ? vi.io.dryRunTitle : vi.io.appliedTitle}</h3>
      <p class="counts" data-testid="import-counts">
        {OUTCOMES.filter((outcome) => (report.counts[outcome] ?? 0) > 0).map((outcome) => (
          <span key={outcome} class={`badge outcome-${outcome}`}>
            {vi.io.outcomes[outcome]}: {formatNumber(report.counts[outcome] ?? 0)}
          </span>
        ))}
      </p>
      {report.dryRun && (report.counts.rejected ?? 0) > 0 ? (
        <Notice kind="error">{vi.io.rejectedWarning}</Notice>
      ) : null}
      <div class="overflow-auto">
        <table class="striped" data-testid="import-report">
          <thead>
            <tr>
              <th scope="col">{vi.io.line}</th>
              <th scope="col">{vi.io.id}</th>
              <th scope="col">{vi.io.outcome}</th>
              <th scope="col">{vi.io.detail}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={`${row.line}:${row.id ?? ''}`} data-outcome={row.outcome}>
                <td>{row.line}</td>
                <td>{row.id ?? ''}</td>
                <td>
                  <span class={`badge outcome-${row.outcome}`}>
                    {vi.io.outcomes[row.outcome] ?? row.outcome}
                  </span>
                </td>
                <td>
                  <RowDetail row={row} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ImportExport({ me }: { me: Me }) {
  const [file, setFile] = useState<File>();
  const [mode, setMode] = useState<ImportMode>('upsert');
  const [report, setReport] = useState<ImportReport>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<'dry-run' | 'apply'>();
  const [confirming, setConfirming] = useState(false);

  async function run(dryRun: boolean) {
    setConfirming(false);
    setError(undefined);
    if (!file) return setError(vi.io.noFile);
    const contentType = contentTypeFor(file.name);
    if (!contentType) return setError(vi.io.badType);
    setBusy(dryRun ? 'dry-run' : 'apply');
    try {
      const text = await file.text();
      setReport(
        await api<ImportReport>('POST', `/api/faq/import?mode=${mode}&dryRun=${dryRun}`, undefined, {
          raw: { text, contentType },
        }),
      );
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(undefined);
    }
  }

  const canApply = report?.dryRun === true && report.mode === mode && busy === undefined;
  return (
    <section>
      <h2>{vi.io.title}</h2>
      {can(me.roles, 'faq.import') ? (
        <article>
          <header>
            <h3>{vi.io.importTitle}</h3>
          </header>
          <label for="import-file">
            <span class="label-text">{vi.io.file}</span>
            <input
              id="import-file"
              type="file"
              accept=".csv,.json,text/csv,application/json"
              data-testid="import-file"
              onChange={(event: TargetedEvent<HTMLInputElement, Event>) => {
                setFile(event.currentTarget.files?.[0]);
                setReport(undefined);
                setError(undefined);
              }}
            />
          </label>
          <fieldset>
            <legend>{vi.io.mode}</legend>
            {(['upsert', 'replace'] as const).map((value) => (
              <label key={value}>
                <input
                  type="radio"
                  name="import-mode"
                  value={value}
                  checked={mode === value}
                  data-testid={`import-mode-${value}`}
                  onChange={() => {
                    setMode(value);
                    setReport(undefined);
                  }}
                />
                {vi.io.modes[value]}
              </label>
            ))}
          </fieldset>
          <div class="actions">
            <button
              type="button"
              disabled={!file || busy !== undefined}
              aria-busy={busy === 'dry-run'}
              data-testid="import-dry-run-button"
              onClick={() => void run(true)}
            >
              {vi.io.dryRun}
            </button>
            <button
              type="button"
              class="contrast"
              disabled={!canApply}
              aria-busy={busy === 'apply'}
              data-testid="import-apply"
              onClick={() => setConfirming(true)}
            >
              {vi.io.apply}
            </button>
          </div>
          {error ? <Notice kind="error">{error}</Notice> : null}
          {report ? <Report report={report} /> : null}
        </article>
      ) : null}
      {can(me.roles, 'faq.export') ? (
        <article>
          <header>
            <h3>{vi.io.exportTitle}</h3>
          </header>
          <p>{vi.io.exportHint}</p>
          <div class="actions">
            {/* biome-ignore lint/a11y/useSemanticElements: a download link, drawn as a button by Pico */}
            <a
              href="/api/faq/export?format=csv"
              download
              role="button"
              class="secondary"
              data-testid="export-csv"
            >
              {vi.io.exportCsv}
            </a>
            {/* biome-ignore lint/a11y/useSemanticElements: a download link, drawn as a button by Pico */}
            <a
              href="/api/faq/export?format=json"
              download
              role="button"
              class="secondary"
              data-testid="export-json"
            >
              {vi.io.exportJson}
            </a>
          </div>
        </article>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={vi.io.apply}
          confirmLabel={vi.io.apply}
          danger={mode === 'replace'}
          onConfirm={() => void run(false)}
          onCancel={() => setConfirming(false)}
        >
          <p>{vi.io.applyConfirm(vi.io.modes[mode])}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
