/** Đổi mật khẩu, also the first-run "Đổi mật khẩu quản trị" when the IdP asks for it. */
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api, describeError } from '../api.js';
import { Notice } from '../components/common.js';
import { TextField } from '../components/fields.js';
import type { Me } from '../types.js';
import { vi } from '../vi.js';

const MIN_LENGTH = 8;

export function ChangePassword(props: { firstRun: boolean; onChanged: (me: Me) => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);

  async function submit(event: TargetedSubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    if (next.length < MIN_LENGTH) return setError(vi.password.tooShort(MIN_LENGTH));
    if (next !== repeat) return setError(vi.password.mismatch);
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', '/api/auth/password', { currentPassword: current, newPassword: next });
      setDone(true);
      props.onChanged(await api<Me>('GET', '/api/auth/me'));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <h2>{props.firstRun ? vi.password.firstRun : vi.password.title}</h2>
      {props.firstRun ? (
        <Notice kind="info" testId="first-run-banner">
          {vi.password.firstRunHint}
        </Notice>
      ) : null}
      <form onSubmit={submit} class="narrow" data-testid="password-form">
        <TextField
          label={vi.password.current}
          type="password"
          autoComplete="current-password"
          onValue={setCurrent}
          required
          testId="password-current"
        />
        <TextField
          label={vi.password.next}
          type="password"
          autoComplete="new-password"
          onValue={setNext}
          required
          testId="password-new"
        />
        <TextField
          label={vi.password.repeat}
          type="password"
          autoComplete="new-password"
          onValue={setRepeat}
          required
          testId="password-repeat"
        />
        {error ? <Notice kind="error">{error}</Notice> : null}
        {done ? <Notice kind="ok">{vi.password.done}</Notice> : null}
        <button type="submit" aria-busy={busy} disabled={busy} data-testid="password-submit">
          {vi.password.submit}
        </button>
      </form>
    </section>
  );
}
