/**
 * The FAQ editor (editor, admin) and the read-only item view (analyst).
 *
 * Fields are uncontrolled (IME-safe); what staff type is mirrored into `form` and, while it
 * differs from the last saved content, into sessionStorage, so a reload or an expired session
 * (401 → sign in again) does not lose it. Saves are optimistic-concurrency checked: a 409
 * shows the other person's version with "keep mine / take theirs".
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, describeError } from '../api.js';
import { ConfirmDialog, Notice, PlainText, StatusBadge } from '../components/common.js';
import { DiffView, ItemView } from '../components/faq-views.js';
import { DateField, TextArea, TextField } from '../components/fields.js';
import { channelCounts } from '../lib/counters.js';
import { formatDateTime, formatNumber, formatScore } from '../lib/dates.js';
import {
  type CitationRow,
  draftFromForm,
  emptyCitation,
  type FaqForm,
  formFromItem,
  type Problem,
  reviveForm,
  rowKey,
  sameForm,
} from '../lib/form.js';
import { can } from '../lib/roles.js';
import { hashFor } from '../lib/routes.js';
import { navigate, takeFlash } from '../router.js';
import { load, remove, save } from '../storage.js';
import type { FaqCollision, FaqContent, FaqItem, Me } from '../types.js';
import { vi } from '../vi.js';

export const UNSAVED_PREFIX = 'console:faq-form:';

interface Unsaved {
  readonly form: FaqForm;
  /** The version the edit started from (0 for a new item). */
  readonly baseVersion: number;
}

type Busy = 'load' | 'save' | 'publish' | 'unpublish' | 'collisions' | undefined;

function isItem(value: unknown): value is FaqItem {
  const item = value as FaqItem | null;
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof item.id === 'string' &&
    typeof item.version === 'number'
  );
}

function formContent(form: FaqForm, status: FaqContent['status']): FaqContent {
  const { draft } = draftFromForm(form);
  return { ...draft, status };
}

function CollisionTable({ collisions, testId }: { collisions: readonly FaqCollision[]; testId?: string }) {
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{vi.editor.collisionVariant}</th>
          <th scope="col">{vi.editor.collisionForm}</th>
          <th scope="col">{vi.editor.collisionOther}</th>
          <th scope="col">{vi.editor.collisionScore}</th>
        </tr>
      </thead>
      <tbody>
        {collisions.map((collision) => (
          <tr key={`${collision.variant}|${collision.form}|${collision.otherId}`}>
            <td>{collision.variant}</td>
            <td>{vi.editor.collisionForms[collision.form] ?? collision.form}</td>
            <td>
              <a href={hashFor({ name: 'faq-edit', id: collision.otherId })}>{collision.otherId}</a>
            </td>
            <td>{formatScore(collision.score)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Counters({ answer }: { answer: string }) {
  const counts = channelCounts(answer);
  const line = (channel: string, count: ReturnType<typeof channelCounts>['zalo'], testId: string) => (
    <li class={count.over ? 'over' : undefined} data-testid={testId} data-over={count.over}>
      {vi.editor.counter(channel, formatNumber(count.length), formatNumber(count.limit))}
      {count.over ? ` (${vi.editor.counterOver(count.parts)})` : null}
    </li>
  );
  return (
    <ul class="counters" aria-live="polite">
      {line(vi.channels.zalo, counts.zalo, 'counter-zalo')}
      {line(vi.channels.telegram, counts.telegram, 'counter-telegram')}
    </ul>
  );
}

export function FaqEditor(props: { id?: string; me: Me }) {
  const { me } = props;
  const editable = can(me.roles, 'faq.edit');
  /** Set when this editor created the item: the route moves to its id without a reload. */
  const [createdId, setCreatedId] = useState<string>();
  const itemId = props.id ?? createdId;
  const isNew = itemId === undefined;
  const storageKey = `${UNSAVED_PREFIX}${itemId ?? ''}`;

  const [item, setItem] = useState<FaqItem>();
  const [form, setForm] = useState<FaqForm>(() => formFromItem());
  const [baseline, setBaseline] = useState<FaqForm>(form);
  const [baseVersion, setBaseVersion] = useState(0);
  /** Bumped to re-mount the uncontrolled fields with new content. */
  const [formKey, setFormKey] = useState(0);
  const [busy, setBusy] = useState<Busy>(isNew ? undefined : 'load');
  const [loadError, setLoadError] = useState<string>();
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error' | 'info'; text: string }>();
  const [problems, setProblems] = useState<readonly Problem[]>([]);
  const [restored, setRestored] = useState(false);
  const [conflict, setConflict] = useState<FaqItem>();
  const [blocked, setBlocked] = useState<{
    reasons: readonly string[];
    collisions: readonly FaqCollision[];
  }>();
  const [collisions, setCollisions] = useState<readonly FaqCollision[]>();
  const [confirm, setConfirm] = useState<'publish' | 'unpublish'>();
  const [focusKey, setFocusKey] = useState<number>();

  const dirty = !sameForm(form, baseline);

  /** Show `next` in the fields (re-mounting them) and make `asBaseline` the saved state. */
  function loadForm(next: FaqForm, asBaseline: FaqForm) {
    setForm(next);
    setBaseline(asBaseline);
    setFormKey((key) => key + 1);
  }

  // (Re)load when the route names another item; not when it names the item just created here.
  useEffect(() => {
    if (props.id !== undefined && props.id === createdId) return;
    const flash = takeFlash();
    setNotice(flash ? { kind: 'ok', text: flash } : undefined);
    setItem(undefined);
    setConflict(undefined);
    setBlocked(undefined);
    setCollisions(undefined);
    setProblems([]);
    setRestored(false);
    setLoadError(undefined);
    if (!editable) remove(storageKey);
    const stored = editable ? load<Unsaved>(storageKey) : undefined;
    const storedForm = reviveForm(stored?.form);
    const unsaved =
      stored && storedForm && typeof stored.baseVersion === 'number'
        ? { form: storedForm, baseVersion: stored.baseVersion }
        : undefined;
    if (itemId === undefined) {
      const empty = formFromItem();
      loadForm(unsaved?.form ?? empty, empty);
      setBaseVersion(0);
      setRestored(unsaved !== undefined);
      setBusy(undefined);
      return;
    }
    let current = true;
    setBusy('load');
    api<FaqItem>('GET', `/api/faq/${encodeURIComponent(itemId)}`)
      .then((loaded) => {
        if (!current) return;
        const fresh = formFromItem(loaded);
        setItem(loaded);
        if (unsaved && !sameForm(unsaved.form, fresh)) {
          loadForm(unsaved.form, fresh);
          setBaseVersion(unsaved.baseVersion);
          setRestored(true);
        } else {
          remove(storageKey);
          loadForm(fresh, fresh);
          setBaseVersion(loaded.version);
        }
      })
      .catch((failure: unknown) => {
        if (current) setLoadError(describeError(failure));
      })
      .finally(() => {
        if (current) setBusy(undefined);
      });
    return () => {
      current = false;
    };
  }, [props.id]);

  // The safety copy of unsaved text (sessionStorage: this tab only, gone when it closes).
  useEffect(() => {
    if (!editable || busy === 'load') return;
    if (dirty) save(storageKey, { form, baseVersion } satisfies Unsaved);
    else remove(storageKey);
  }, [form, baseline, baseVersion]);

  const patch = (change: Partial<FaqForm>) => setForm((previous) => ({ ...previous, ...change }));
  const problemFor = (field: string) => problems.find((problem) => problem.field === field)?.message;

  /** Bookkeeping after a save: the item, the baseline, the route for a new item. */
  function afterSaved(saved: FaqItem, message?: string) {
    remove(storageKey);
    setItem(saved);
    setBaseVersion(saved.version);
    setBaseline(form);
    setConflict(undefined);
    setRestored(false);
    if (message) {
      // Clears the change note (it belongs to the saved version) by re-mounting the fields.
      setForm((previous) => ({ ...previous, changeNote: '' }));
      setFormKey((key) => key + 1);
      setNotice({ kind: 'ok', text: message });
    }
    if (isNew) {
      setCreatedId(saved.id);
      navigate({ name: 'faq-edit', id: saved.id }, { replace: true });
    }
  }

  /** Saves the form as a draft; resolves to the saved item, or undefined when it did not. */
  async function saveDraft(base = baseVersion, quiet = false): Promise<FaqItem | undefined> {
    const { draft, problems: found } = draftFromForm(form, 'draft');
    setProblems(found);
    setBlocked(undefined);
    if (found.length > 0) {
      setNotice({ kind: 'error', text: found.map((p) => p.message).join(' ') });
      return undefined;
    }
    const note = form.changeNote.normalize('NFC').trim();
    const body = { ...draft, ...(note ? { changeNote: note } : {}) };
    setBusy('save');
    setNotice(undefined);
    try {
      const saved =
        itemId === undefined
          ? await api<FaqItem>('POST', '/api/faq', body)
          : await api<FaqItem>('PUT', `/api/faq/${encodeURIComponent(itemId)}`, {
              ...body,
              baseVersion: base,
            });
      afterSaved(saved, quiet ? undefined : vi.editor.saved(saved.version));
      return saved;
    } catch (failure) {
      const current =
        failure instanceof ApiError ? (failure.body as { current?: unknown } | null)?.current : undefined;
      if (failure instanceof ApiError && failure.status === 409 && isItem(current)) setConflict(current);
      else {
        if (failure instanceof ApiError && failure.field)
          setProblems([{ field: failure.field, message: describeError(failure) }]);
        setNotice({ kind: 'error', text: describeError(failure) });
      }
      return undefined;
    } finally {
      setBusy(undefined);
    }
  }

  async function publish() {
    setConfirm(undefined);
    let target = item;
    if (isNew || dirty || !target) {
      target = await saveDraft(baseVersion, true);
      if (!target) return;
    }
    setBusy('publish');
    setNotice(undefined);
    setBlocked(undefined);
    try {
      const published = await api<FaqItem>('POST', `/api/faq/${encodeURIComponent(target.id)}/publish`);
      setItem(published);
      setBaseVersion(published.version);
      setNotice({ kind: 'ok', text: vi.editor.published });
    } catch (failure) {
      const body =
        failure instanceof ApiError
          ? (failure.body as { reasons?: unknown; collisions?: unknown } | null)
          : null;
      if (failure instanceof ApiError && failure.status === 422 && body) {
        setBlocked({
          reasons: Array.isArray(body.reasons) ? body.reasons.map(String) : [],
          collisions: Array.isArray(body.collisions) ? (body.collisions as FaqCollision[]) : [],
        });
      } else setNotice({ kind: 'error', text: describeError(failure) });
    } finally {
      setBusy(undefined);
    }
  }

  async function unpublish() {
    setConfirm(undefined);
    if (!item) return;
    setBusy('unpublish');
    setNotice(undefined);
    try {
      const changed = await api<FaqItem>('POST', `/api/faq/${encodeURIComponent(item.id)}/unpublish`);
      setItem(changed);
      setBaseVersion(changed.version);
      setNotice({ kind: 'ok', text: vi.editor.unpublishedDone });
    } catch (failure) {
      setNotice({ kind: 'error', text: describeError(failure) });
    } finally {
      setBusy(undefined);
    }
  }

  async function checkCollisions() {
    const { draft } = draftFromForm(form, 'draft');
    if (draft.questions.length === 0) {
      setProblems([{ field: 'questions', message: vi.editor.questionsRequired }]);
      return;
    }
    setBusy('collisions');
    setCollisions(undefined);
    try {
      setCollisions(await api<FaqCollision[]>('POST', '/api/faq/collisions', draft));
    } catch (failure) {
      setNotice({ kind: 'error', text: describeError(failure) });
    } finally {
      setBusy(undefined);
    }
  }

  function keepMine() {
    if (!conflict) return;
    const theirs = conflict;
    setItem(theirs);
    setBaseVersion(theirs.version);
    setConflict(undefined);
    void saveDraft(theirs.version);
  }

  function takeTheirs() {
    if (!conflict) return;
    const fresh = formFromItem(conflict);
    setItem(conflict);
    setBaseVersion(conflict.version);
    remove(storageKey);
    loadForm(fresh, fresh);
    setConflict(undefined);
    setRestored(false);
    setNotice(undefined);
  }

  function discardRestored() {
    remove(storageKey);
    const fresh = formFromItem(item);
    loadForm(fresh, fresh);
    if (item) setBaseVersion(item.version);
    setRestored(false);
  }

  // ----- rendering -----

  if (loadError) return <Notice kind="error">{loadError}</Notice>;
  if (busy === 'load') return <p aria-busy="true">{vi.loading}</p>;

  const title =
    itemId === undefined
      ? vi.editor.newTitle
      : editable
        ? vi.editor.editTitle(itemId)
        : vi.editor.viewTitle(itemId);
  const meta = item ? (
    <p class="muted" data-testid="editor-meta">
      <StatusBadge status={item.status} />{' '}
      {vi.editor.meta(item.version, item.updatedBy, formatDateTime(item.updatedAt))}
    </p>
  ) : null;
  const historyLink = item ? (
    <a href={hashFor({ name: 'faq-history', id: item.id })} data-testid="faq-history-link">
      {vi.editor.history}
    </a>
  ) : null;

  if (!editable) {
    return (
      <section>
        <header class="screen-header">
          <h2>{title}</h2>
          {historyLink}
        </header>
        <Notice kind="info" testId="read-only-notice">
          {vi.editor.readOnly}
        </Notice>
        {meta}
        {item ? <ItemView item={item} testId="faq-view" /> : null}
      </section>
    );
  }

  const moveQuestion = (index: number, by: -1 | 1) => {
    const rows = [...form.questions];
    const [row] = rows.splice(index, 1);
    if (!row) return;
    rows.splice(index + by, 0, row);
    patch({ questions: rows });
  };
  const setCitation = (key: number, change: Partial<CitationRow>) =>
    patch({ citations: form.citations.map((row) => (row.key === key ? { ...row, ...change } : row)) });
  const working = busy !== undefined;
  const showPublish = isNew || dirty || item?.status !== 'published';

  return (
    <section class="editor" data-testid="faq-editor">
      <header class="screen-header">
        <h2>{title}</h2>
        {historyLink}
      </header>
      {meta}
      {restored ? (
        <Notice kind="info" testId="editor-restored">
          {vi.editor.restored}{' '}
          <button type="button" class="link" onClick={discardRestored}>
            {vi.editor.discardRestored}
          </button>
        </Notice>
      ) : null}

      {conflict ? (
        <article class="conflict" data-testid="editor-conflict">
          <header>
            <strong>{vi.editor.conflict(conflict.version, conflict.updatedBy)}</strong>
          </header>
          <p>{vi.editor.conflictHint}</p>
          <h3>{vi.editor.changesFromMine}</h3>
          <DiffView before={formContent(form, item?.status ?? 'draft')} after={conflict} />
          <details>
            <summary>{vi.editor.theirVersion}</summary>
            <ItemView item={conflict} />
          </details>
          <footer class="actions">
            <button type="button" onClick={keepMine} data-testid="conflict-keep-mine">
              {vi.editor.keepMine}
            </button>
            <button type="button" class="secondary" onClick={takeTheirs} data-testid="conflict-take-theirs">
              {vi.editor.takeTheirs}
            </button>
          </footer>
        </article>
      ) : null}

      {blocked ? (
        <article class="blocked" data-testid="publish-blocked">
          <header>
            <strong role="alert">{vi.editor.publishBlocked}</strong>
          </header>
          {blocked.reasons.length > 0 ? (
            <ul>
              {blocked.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          ) : null}
          {blocked.collisions.length > 0 ? (
            <>
              <h3>{vi.editor.collisionsTitle}</h3>
              <CollisionTable collisions={blocked.collisions} />
            </>
          ) : null}
        </article>
      ) : null}

      <form
        key={formKey}
        onSubmit={(event) => {
          event.preventDefault();
          void saveDraft();
        }}
      >
        {isNew ? (
          <TextField
            label={vi.editor.id}
            initial={form.id}
            onValue={(value) => patch({ id: value })}
            error={problemFor('id')}
            testId="faq-id"
            autoComplete="off"
            required
          />
        ) : null}

        <fieldset data-testid="faq-questions">
          <legend>{vi.editor.questions}</legend>
          {problemFor('questions') ? <small class="field-error">{problemFor('questions')}</small> : null}
          <ol class="rows">
            {form.questions.map((row, index) => (
              <li key={row.key} class="row">
                <TextField
                  label={vi.editor.question(index + 1)}
                  hideLabel
                  initial={row.text}
                  focusOnMount={row.key === focusKey}
                  testId="faq-question"
                  onValue={(text) =>
                    setForm((previous) => ({
                      ...previous,
                      questions: previous.questions.map((q) => (q.key === row.key ? { ...q, text } : q)),
                    }))
                  }
                />
                <div class="row-actions">
                  <button
                    type="button"
                    class="secondary outline"
                    disabled={index === 0}
                    aria-label={vi.editor.moveUp(index + 1)}
                    title={vi.editor.moveUp(index + 1)}
                    onClick={() => moveQuestion(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    class="secondary outline"
                    disabled={index === form.questions.length - 1}
                    aria-label={vi.editor.moveDown(index + 1)}
                    title={vi.editor.moveDown(index + 1)}
                    onClick={() => moveQuestion(index, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    class="secondary outline"
                    disabled={form.questions.length === 1}
                    aria-label={vi.editor.removeQuestion(index + 1)}
                    title={vi.editor.removeQuestion(index + 1)}
                    onClick={() => patch({ questions: form.questions.filter((q) => q.key !== row.key) })}
                  >
                    ✕
                  </button>
                </div>
              </li>
            ))}
          </ol>
          <button
            type="button"
            class="secondary"
            data-testid="faq-add-question"
            onClick={() => {
              const key = rowKey();
              setFocusKey(key);
              patch({ questions: [...form.questions, { key, text: '' }] });
            }}
          >
            {vi.editor.addQuestion}
          </button>
        </fieldset>

        <TextArea
          label={vi.editor.answer}
          hint={vi.editor.answerHint}
          initial={form.answer}
          rows={10}
          error={problemFor('answer')}
          testId="faq-answer"
          onValue={(answer) => patch({ answer })}
        />
        <Counters answer={form.answer} />
        <details open>
          <summary>{vi.editor.preview}</summary>
          <PlainText
            text={form.answer.trim() || vi.editor.previewEmpty}
            class="preview"
            testId="faq-preview"
          />
        </details>

        <fieldset data-testid="faq-citations">
          <legend>{vi.editor.citations}</legend>
          {problemFor('citations') ? <small class="field-error">{problemFor('citations')}</small> : null}
          {form.citations.map((row, index) => (
            <div key={row.key} class="citation-row" data-testid="faq-citation">
              <TextField
                label={vi.editor.citationDocument}
                initial={row.document}
                testId="faq-citation-document"
                onValue={(document) => setCitation(row.key, { document })}
              />
              <TextField
                label={vi.editor.citationSection}
                initial={row.section}
                testId="faq-citation-section"
                onValue={(section) => setCitation(row.key, { section })}
              />
              <TextField
                label={vi.editor.citationDate}
                initial={row.date}
                testId="faq-citation-date"
                onValue={(date) => setCitation(row.key, { date })}
              />
              <TextField
                label={vi.editor.citationSource}
                initial={row.source}
                testId="faq-citation-source"
                onValue={(source) => setCitation(row.key, { source })}
              />
              <button
                type="button"
                class="secondary outline"
                aria-label={vi.editor.removeCitation(index + 1)}
                title={vi.editor.removeCitation(index + 1)}
                onClick={() => patch({ citations: form.citations.filter((c) => c.key !== row.key) })}
              >
                ✕
              </button>
            </div>
          ))}
          <button
            type="button"
            class="secondary"
            data-testid="faq-add-citation"
            onClick={() => patch({ citations: [...form.citations, emptyCitation()] })}
          >
            {vi.editor.addCitation}
          </button>
        </fieldset>

        <div class="grid">
          <DateField
            label={vi.editor.effectiveFrom}
            initial={form.effectiveFrom}
            error={problemFor('effectiveFrom')}
            testId="faq-effective-from"
            onValue={(effectiveFrom) => patch({ effectiveFrom })}
          />
          <DateField
            label={vi.editor.effectiveTo}
            initial={form.effectiveTo}
            error={problemFor('effectiveTo')}
            testId="faq-effective-to"
            onValue={(effectiveTo) => patch({ effectiveTo })}
          />
        </div>
        <TextField
          label={vi.editor.tags}
          initial={form.tags}
          error={problemFor('tags')}
          testId="faq-tags"
          onValue={(tags) => patch({ tags })}
        />
        <TextField
          label={vi.editor.changeNote}
          placeholder={vi.editor.changeNotePlaceholder}
          initial={form.changeNote}
          testId="faq-change-note"
          onValue={(changeNote) => patch({ changeNote })}
        />

        {dirty ? (
          <p class="muted" data-testid="editor-dirty">
            {vi.editor.unsaved}
          </p>
        ) : null}
        {notice ? (
          <Notice kind={notice.kind} testId={notice.kind === 'error' ? 'editor-error' : 'editor-notice'}>
            {notice.text}
          </Notice>
        ) : null}

        <div class="actions">
          <button type="submit" disabled={working} aria-busy={busy === 'save'} data-testid="faq-save">
            {vi.editor.save}
          </button>
          {showPublish ? (
            <button
              type="button"
              class="contrast"
              disabled={working}
              aria-busy={busy === 'publish'}
              data-testid="faq-publish"
              onClick={() => setConfirm('publish')}
            >
              {vi.editor.publish}
            </button>
          ) : null}
          {item?.status === 'published' ? (
            <button
              type="button"
              class="secondary"
              disabled={working}
              aria-busy={busy === 'unpublish'}
              data-testid="faq-unpublish"
              onClick={() => setConfirm('unpublish')}
            >
              {vi.editor.unpublish}
            </button>
          ) : null}
          <button
            type="button"
            class="secondary outline"
            disabled={working}
            aria-busy={busy === 'collisions'}
            data-testid="faq-check-collisions"
            onClick={() => void checkCollisions()}
          >
            {vi.editor.checkCollisions}
          </button>
        </div>
      </form>

      {collisions ? (
        <section data-testid="collision-result">
          <h3>{vi.editor.collisionsTitle}</h3>
          {collisions.length === 0 ? (
            <p>{vi.editor.noCollisions}</p>
          ) : (
            <CollisionTable collisions={collisions} testId="collision-table" />
          )}
        </section>
      ) : null}

      {confirm === 'publish' ? (
        <ConfirmDialog
          title={vi.editor.publishConfirmTitle}
          confirmLabel={vi.editor.publish}
          onConfirm={() => void publish()}
          onCancel={() => setConfirm(undefined)}
        >
          <p>
            <strong>{vi.editor.publishConfirm}</strong>
          </p>
          {isNew || dirty ? <p>{vi.editor.publishUnsavedNote}</p> : null}
        </ConfirmDialog>
      ) : null}
      {confirm === 'unpublish' ? (
        <ConfirmDialog
          title={vi.editor.unpublishConfirmTitle}
          confirmLabel={vi.editor.unpublish}
          danger
          onConfirm={() => void unpublish()}
          onCancel={() => setConfirm(undefined)}
        >
          <p>{vi.editor.unpublishConfirm}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
