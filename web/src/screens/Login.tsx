/**
 * Đăng nhập: email and password against the local IdP (the API sets an HttpOnly cookie).
 * Also the "session expired" dialog, shown over the current screen so nothing typed is lost.
 */
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, api, describeError } from '../api.js';
import { Notice } from '../components/common.js';
import { TextField } from '../components/fields.js';
import type { Me } from '../types.js';
import { vi } from '../vi.js';

export function LoginForm(props: { onSignedIn: (me: Me) => void; expired?: boolean; email?: string }) {
  const [email, setEmail] = useState(props.email ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(event: TargetedSubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', '/api/auth/login', { email: email.trim(), password }, { authCall: true });
      props.onSignedIn(await api<Me>('GET', '/api/auth/me', undefined, { authCall: true }));
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? vi.login.wrong
          : failure instanceof ApiError && failure.status === 429
            ? vi.login.tooMany
            : describeError(failure),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} data-testid="login-form" aria-labelledby="login-title">
      <h2 id="login-title">{props.expired ? vi.login.expired : vi.login.title}</h2>
      {props.expired ? <p>{vi.login.expiredHint}</p> : null}
      <TextField
        label={vi.login.email}
        type="email"
        autoComplete="username"
        initial={props.email ?? ''}
        onValue={setEmail}
        required
        testId="login-email"
        focusOnMount={!props.email}
      />
      <TextField
        label={vi.login.password}
        type="password"
        autoComplete="current-password"
        onValue={setPassword}
        required
        testId="login-password"
        focusOnMount={Boolean(props.email)}
      />
      {error ? (
        <Notice kind="error" testId="login-error">
          {error}
        </Notice>
      ) : null}
      <button type="submit" aria-busy={busy} disabled={busy} data-testid="login-submit">
        {vi.login.submit}
      </button>
    </form>
  );
}

export function LoginScreen(props: { onSignedIn: (me: Me) => void }) {
  return (
    <main class="container login">
      <hgroup>
        <h1>{vi.appTitle}</h1>
        <p>{vi.appSubtitle}</p>
      </hgroup>
      <article>
        <LoginForm onSignedIn={props.onSignedIn} />
      </article>
      <footer>
        <small>
          <a href="/status.html">{vi.login.status}</a>
        </small>
      </footer>
    </main>
  );
}

/** Shown over the current screen after a 401; keeps the screen (and its unsaved text) mounted. */
export function SessionExpiredDialog(props: { email: string; onSignedIn: (me: Me) => void }) {
  return (
    <dialog open aria-modal="true" data-testid="session-expired">
      <article>
        <LoginForm expired email={props.email} onSignedIn={props.onSignedIn} />
      </article>
    </dialog>
  );
}
