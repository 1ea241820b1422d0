/**
 * Văn bản: the policy documents the bot quotes. A header line says which index version the
 * bot serves and since when; the list shows each document's status (a failure with its reason);
 * editors upload a file with its metadata (a progress bar for the upload, then the status
 * polled until the ingest is done), reindex, and from a document's page supersede or withdraw
 * it. The page shows the passages as the bot will quote them. Everything is rendered as text.
 */
import type { TargetedEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, describeError } from '../api.js';
import { ConfirmDialog, Notice, PlainText } from '../components/common.js';
import { formatDateTime, formatNumber, formatViDate } from '../lib/dates.js';
import { can } from '../lib/roles.js';
import { hashFor } from '../lib/routes.js';
import type { Me } from '../types.js';
import { vi } from '../vi.js';

const t = vi.documents;
const MAX_BYTES = 20_000_000;
const TYPES: Readonly<Record<string, string>> = {
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.pdf': 'application/pdf',
  '.md': 'text/markdown',
  '.txt': 'text/plain',
};
const POLL_MS = 1500;
const POLL_LIMIT = 120;

interface DocumentMeta {
  title: string;
  number?: string;
  issuer?: string;
  place?: string;
  issued?: string;
  effectiveFrom?: string;
}

interface DocumentRecord {
  id: string;
  filename: string;
  meta: DocumentMeta;
  status: string;
  reason?: string;
  passages?: number;
  createdAt: string;
  createdBy: string;
  supersedes?: string;
  supersededBy?: string;
  answersUntil?: string;
}

interface DocumentDetail extends DocumentRecord {
  passageList: { id: string; headings: string[]; pageStart?: number; pageEnd?: number; text: string }[];
  citingFaqs: { id: string; question: string; status: string }[];
}

interface ServedIndex {
  version: number;
  builtAt: string | null;
  documents: number;
  passages: number;
}

interface Created {
  documentId: string;
  upload: { url: string; fields: Record<string, string> };
}

function DocumentStatus({ record }: { record: Pick<DocumentRecord, 'status' | 'reason'> }) {
  return (
    <span class={`badge document-${record.status}`} data-testid="document-status" data-status={record.status}>
      {t.status[record.status] ?? record.status}
    </span>
  );
}

function ServedLine({ index }: { index: ServedIndex | undefined }) {
  if (!index) return null;
  if (index.version === 0 || !index.builtAt) return <p class="muted">{t.noIndex}</p>;
  return (
    <p data-testid="served-index">
      {t.served(index.version, index.documents, index.passages, formatDateTime(index.builtAt))}
    </p>
  );
}

/** multipart/form-data with every field first and the file last, with upload progress (fetch has none). */
function sendFile(
  target: Created['upload'],
  file: File,
  onProgress: (share: number) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
    form.append('file', file);
    const request = new XMLHttpRequest();
    request.open('POST', target.url);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => resolve(request.status);
    request.onerror = () => reject(new Error(vi.errors.network));
    request.send(form);
  });
}

async function waitForIngest(id: string): Promise<DocumentRecord> {
  for (let attempt = 0; attempt < POLL_LIMIT; attempt++) {
    const record = await api<DocumentRecord>('GET', `/api/documents/${encodeURIComponent(id)}`);
    if (record.status !== 'processing' && record.status !== 'awaiting-upload') return record;
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
  return api<DocumentRecord>('GET', `/api/documents/${encodeURIComponent(id)}`);
}

function UploadForm(props: { supersedes?: string; onDone: (record: DocumentRecord) => void }) {
  const [file, setFile] = useState<File>();
  const [meta, setMeta] = useState<DocumentMeta>({ title: '' });
  const [progress, setProgress] = useState<number>();
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'processing'>('idle');
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<DocumentRecord>();

  const field = (name: keyof DocumentMeta) => ({
    value: meta[name] ?? '',
    onInput: (event: TargetedEvent<HTMLInputElement>) =>
      setMeta({ ...meta, [name]: event.currentTarget.value }),
  });

  async function submit(event: Event) {
    event.preventDefault();
    setError(undefined);
    setResult(undefined);
    if (!file) return;
    const extension = /\.[^.]+$/.exec(file.name.toLowerCase())?.[0] ?? '';
    const contentType = TYPES[extension];
    if (!contentType) return setError(t.wrongType);
    if (file.size > MAX_BYTES) return setError(t.tooLarge);
    const body = {
      filename: file.name,
      contentType,
      size: file.size,
      meta: Object.fromEntries(Object.entries(meta).filter(([, value]) => value !== '')),
    };
    try {
      setPhase('uploading');
      setProgress(0);
      const path = props.supersedes
        ? `/api/documents/${encodeURIComponent(props.supersedes)}/supersede`
        : '/api/documents';
      const created = await api<Created>('POST', path, body);
      const status = await sendFile(created.upload, file, setProgress);
      if (status >= 300) throw new Error(`${vi.errors.unexpected(status)}`);
      setPhase('processing');
      const record = await waitForIngest(created.documentId);
      setResult(record);
      props.onDone(record);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setPhase('idle');
      setProgress(undefined);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} data-testid="document-upload">
      <h3>{props.supersedes ? t.supersedeTitle : t.uploadTitle}</h3>
      {props.supersedes ? <p class="muted">{t.supersedeHint}</p> : null}
      <label>
        {t.file}
        <input
          type="file"
          accept=".docx,.pdf,.md,.txt"
          required
          data-testid="document-file"
          onChange={(event) => setFile(event.currentTarget.files?.[0])}
        />
      </label>
      <div class="grid">
        <label>
          {t.columns.title}
          <input required maxLength={300} data-testid="document-title" {...field('title')} />
        </label>
        <label>
          {t.columns.number}
          <input maxLength={60} placeholder="159/2025/NĐ-CP" {...field('number')} />
        </label>
      </div>
      <div class="grid">
        <label>
          {t.columns.issuer}
          <input maxLength={200} {...field('issuer')} />
        </label>
        <label>
          {t.place}
          <input maxLength={100} {...field('place')} />
        </label>
      </div>
      <div class="grid">
        <label>
          {t.columns.issued}
          <input type="date" required data-testid="document-issued" {...field('issued')} />
        </label>
        <label>
          {t.columns.effectiveFrom}
          <input type="date" {...field('effectiveFrom')} />
        </label>
      </div>
      {progress !== undefined ? (
        <progress value={progress} max={1} data-testid="upload-progress" aria-label={t.uploading} />
      ) : null}
      {phase === 'processing' ? <p aria-busy="true">{t.processing}</p> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {result ? (
        result.status === 'failed' ? (
          <Notice kind="error" testId="upload-result">
            {t.failed} {result.reason ?? ''}
          </Notice>
        ) : (
          <Notice kind="ok" testId="upload-result">
            {t.status[result.status] ?? result.status}
          </Notice>
        )
      ) : null}
      <button type="submit" disabled={phase !== 'idle' || !file} data-testid="document-submit">
        {phase === 'uploading' ? t.uploading : t.upload}
      </button>
    </form>
  );
}

export function DocumentList({ me }: { me: Me }) {
  const [records, setRecords] = useState<DocumentRecord[]>();
  const [index, setIndex] = useState<ServedIndex>();
  const [error, setError] = useState<string>();
  const [reindexed, setReindexed] = useState<string>();
  const [busy, setBusy] = useState(false);
  const editor = can(me.roles, 'documents.edit');

  async function load() {
    try {
      const [list, served] = await Promise.all([
        api<DocumentRecord[]>('GET', '/api/documents'),
        api<ServedIndex>('GET', '/api/index'),
      ]);
      setRecords(list);
      setIndex(served);
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  async function reindex() {
    setBusy(true);
    setReindexed(undefined);
    try {
      const result = await api<{
        from: number;
        to: number;
        documents: number;
        passages: number;
        builtAt: string;
      }>('POST', '/api/documents/reindex');
      setReindexed(
        t.reindexed(
          result.from,
          result.to,
          result.documents,
          result.passages,
          formatDateTime(result.builtAt),
        ),
      );
      await load();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section data-testid="documents">
      <h2>{t.title}</h2>
      <ServedLine index={index} />
      {error ? <Notice kind="error">{error}</Notice> : null}
      {editor ? (
        <p>
          <button
            type="button"
            class="secondary"
            disabled={busy}
            aria-busy={busy}
            onClick={() => void reindex()}
          >
            {t.reindex}
          </button>
        </p>
      ) : null}
      {reindexed ? (
        <Notice kind="ok" testId="reindex-result">
          {reindexed}
        </Notice>
      ) : null}
      {records === undefined ? (
        <p aria-busy="true">{vi.loading}</p>
      ) : records.length === 0 ? (
        <p class="muted">{t.empty}</p>
      ) : (
        <div class="overflow-auto">
          <table class="striped" data-testid="document-table">
            <thead>
              <tr>
                <th>{t.columns.title}</th>
                <th>{t.columns.number}</th>
                <th>{t.columns.issuer}</th>
                <th>{t.columns.issued}</th>
                <th>{t.columns.effectiveFrom}</th>
                <th>{t.columns.status}</th>
                <th>{t.columns.passages}</th>
                <th>{t.columns.uploaded}</th>
              </tr>
            </thead>
            <tbody>
              {records.map((record) => (
                <tr key={record.id} data-testid="document-row" data-id={record.id}>
                  <td>
                    <a href={hashFor({ name: 'document', id: record.id })}>
                      {record.meta.title || record.filename}
                    </a>
                  </td>
                  <td>{record.meta.number ?? ''}</td>
                  <td>{record.meta.issuer ?? ''}</td>
                  <td>{formatViDate(record.meta.issued)}</td>
                  <td>{formatViDate(record.meta.effectiveFrom)}</td>
                  <td>
                    <DocumentStatus record={record} />
                    {record.reason ? <div class="field-error">{record.reason}</div> : null}
                  </td>
                  <td>{record.passages === undefined ? '' : formatNumber(record.passages)}</td>
                  <td>
                    {record.createdBy}
                    <br />
                    <small>{formatDateTime(record.createdAt)}</small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editor ? <UploadForm onDone={() => void load()} /> : null}
    </section>
  );
}

export function DocumentView({ id, me }: { id: string; me: Me }) {
  const [record, setRecord] = useState<DocumentDetail>();
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string>();
  const editor = can(me.roles, 'documents.edit');

  async function load() {
    try {
      setRecord(await api<DocumentDetail>('GET', `/api/documents/${encodeURIComponent(id)}`));
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  useEffect(() => {
    void load();
  }, [id]);

  async function withdraw() {
    setConfirming(false);
    try {
      await api('POST', `/api/documents/${encodeURIComponent(id)}/withdraw`, {});
      setNotice(t.withdrawn);
      await load();
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  return (
    <section data-testid="document-detail">
      <p>
        <a href={hashFor({ name: 'documents' })}>{t.back}</a>
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {notice ? <Notice kind="ok">{notice}</Notice> : null}
      {record ? (
        <>
          <h2>{record.meta.title}</h2>
          <p>
            <DocumentStatus record={record} /> {record.meta.number ?? ''} {record.meta.issuer ?? ''}{' '}
            {formatViDate(record.meta.issued)}
            {record.answersUntil ? ` · đến ${formatViDate(record.answersUntil)}` : ''}
          </p>
          {record.reason ? <Notice kind="error">{record.reason}</Notice> : null}
          {editor && record.status !== 'withdrawn' ? (
            <p>
              <button
                type="button"
                class="secondary outline"
                onClick={() => setConfirming(true)}
                data-testid="withdraw"
              >
                {t.withdraw}
              </button>
            </p>
          ) : null}
          {editor && record.status === 'indexed' ? (
            <UploadForm supersedes={record.id} onDone={() => void load()} />
          ) : null}
          <h3>{t.citingTitle}</h3>
          {record.citingFaqs.length === 0 ? (
            <p class="muted">{vi.none}</p>
          ) : (
            <ul>
              {record.citingFaqs.map((faq) => (
                <li key={faq.id}>
                  <a href={hashFor({ name: 'faq-edit', id: faq.id })}>{faq.question}</a>
                </li>
              ))}
            </ul>
          )}
          <h3>{t.passagesTitle}</h3>
          <ol data-testid="document-passages">
            {record.passageList.map((passage) => (
              <li key={passage.id}>
                <strong>{passage.headings.join(' › ')}</strong>
                {passage.pageStart ? <small> ({t.page(passage.pageStart, passage.pageEnd)})</small> : null}
                <PlainText text={passage.text} />
              </li>
            ))}
          </ol>
          {confirming ? (
            <ConfirmDialog
              title={t.withdraw}
              confirmLabel={t.withdraw}
              danger
              onConfirm={() => void withdraw()}
              onCancel={() => setConfirming(false)}
            >
              {t.withdrawConfirm}
            </ConfirmDialog>
          ) : null}
        </>
      ) : error ? null : (
        <p aria-busy="true">{vi.loading}</p>
      )}
    </section>
  );
}
