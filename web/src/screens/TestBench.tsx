/**
 * Kiểm tra: ask as a citizen would, optionally on another date, and see the answer, the path
 * it took, the intent, the citations and every explain field the API returns (shown
 * generically, so new fields appear without a console change).
 */
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api, describeError } from '../api.js';
import { CitationList, KeyValueTable, Notice, PlainText, Value } from '../components/common.js';
import { DateField, TextField } from '../components/fields.js';
import { formatViDate, readDateField } from '../lib/dates.js';
import type { Citation, TestAnswer } from '../types.js';
import { vi } from '../vi.js';

const KNOWN = new Set(['question', 'text', 'intent', 'path', 'citations', 'buttons', 'asOf']);

export function TestBench() {
  const [question, setQuestion] = useState('');
  const [date, setDate] = useState('');
  const [result, setResult] = useState<TestAnswer>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: TargetedSubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = question.normalize('NFC').trim();
    if (!text) return;
    const asOf = readDateField(date);
    if (asOf.kind === 'invalid') return setError(vi.date.invalid);
    setBusy(true);
    setError(undefined);
    try {
      setResult(
        await api<TestAnswer>('POST', '/api/test', {
          question: text,
          ...(asOf.kind === 'date' ? { date: asOf.iso } : {}),
        }),
      );
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  const extra = result ? Object.entries(result).filter(([key]) => !KNOWN.has(key)) : [];
  return (
    <section>
      <h2>{vi.testBench.title}</h2>
      <p class="muted">{vi.testBench.hint}</p>
      <form onSubmit={submit} data-testid="test-form">
        <div class="grid test-inputs">
          <TextField label={vi.testBench.question} onValue={setQuestion} required testId="test-question" />
          <DateField label={vi.testBench.date} onValue={setDate} testId="test-date" />
        </div>
        <button type="submit" aria-busy={busy} disabled={busy} data-testid="test-submit">
          {vi.testBench.submit}
        </button>
      </form>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {result ? (
        <article data-testid="test-result">
          <header>
            <strong>{result.question}</strong>
          </header>
          <h3>{vi.testBench.answer}</h3>
          <PlainText text={result.text} class="preview" testId="test-answer" />
          <table class="kv">
            <tbody>
              <tr>
                <th scope="row">{vi.testBench.path}</th>
                <td data-testid="test-path">{result.path}</td>
              </tr>
              <tr>
                <th scope="row">{vi.testBench.intent}</th>
                <td data-testid="test-intent">{result.intent}</td>
              </tr>
              {result.asOf ? (
                <tr>
                  <th scope="row">{vi.testBench.asOf}</th>
                  <td>{formatViDate(result.asOf)}</td>
                </tr>
              ) : null}
              <tr>
                <th scope="row">{vi.testBench.citations}</th>
                <td>
                  <CitationList
                    citations={(result.citations ?? []) as readonly Citation[]}
                    testId="test-citations"
                  />
                </td>
              </tr>
              {result.buttons && result.buttons.length > 0 ? (
                <tr>
                  <th scope="row">{vi.testBench.buttons}</th>
                  <td>
                    <Value value={result.buttons} />
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
          {extra.length > 0 ? (
            <>
              <h3>{vi.testBench.explain}</h3>
              <KeyValueTable entries={extra} testId="test-explain" />
            </>
          ) : null}
        </article>
      ) : null}
    </section>
  );
}
