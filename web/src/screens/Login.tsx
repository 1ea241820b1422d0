/**
 * Đăng nhập: email and password (the API sets an HttpOnly cookie). In AWS, Cognito may ask
 * for more before the session starts, and the API says which step comes `next`:
 * - `new-password`: the first sign-in with the emailed temporary password (typed twice);
 * - `mfa-setup`: adding the console to an authenticator app (the otpauth URI and its key as
 *   text, no QR code), then its first 6-digit code;
 * - `mfa-code`: the 6-digit code of every later sign-in.
 * Each answer goes to POST /api/auth/challenge; the sign-in's state stays in a cookie the
 * page cannot read. Also the "session expired" dialog, shown over the current screen so
 * nothing typed is lost.
 */
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, api, describeError } from '../api.js';
import { Notice } from '../components/common.js';
import { TextField } from '../components/fields.js';
import type { Me } from '../types.js';
import { vi } from '../vi.js';

type Step = 'password' | 'new-password' | 'mfa-code' | 'mfa-setup';

/** What login and each challenge answer: the next step, or nothing more (signed in). */
interface StepAnswer {
  readonly next?: Exclude<Step, 'password'>;
  readonly otpauthUri?: string;
}

/** Cognito's pool policy (infra/constructs/console.ts); the server checks it again. */
const MIN_PASSWORD_LENGTH = 12;

/** The key an app asks for when the URI cannot be pasted, in groups of four. */
function setupKey(uri: string): string {
  const secret = /[?&]secret=([A-Z2-7]+)/i.exec(uri)?.[1] ?? '';
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export function LoginForm(props: { onSignedIn: (me: Me) => void; expired?: boolean; email?: string }) {
  const [step, setStep] = useState<Step>('password');
  const [otpauthUri, setOtpauthUri] = useState<string>();
  const [email, setEmail] = useState(props.email ?? '');
  const [password, setPassword] = useState('');
  const [answer, setAnswer] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [info, setInfo] = useState<string>();

  async function proceed(result: StepAnswer) {
    if (result.next) {
      if (result.otpauthUri) setOtpauthUri(result.otpauthUri);
      setAnswer('');
      setRepeat('');
      setStep(result.next);
      return;
    }
    props.onSignedIn(await api<Me>('GET', '/api/auth/me', undefined, { authCall: true }));
  }

  function backToStart(message?: string) {
    setStep('password');
    setOtpauthUri(undefined);
    setPassword('');
    setError(undefined);
    setInfo(message);
  }

  async function run(call: () => Promise<void>, wrong: string) {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    setInfo(undefined);
    try {
      await call();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) {
        const restart = (failure.body as { restart?: unknown } | null)?.restart === true;
        if (restart) backToStart(vi.login.restart);
        else setError(wrong);
      } else if (failure instanceof ApiError && failure.status === 429) setError(vi.login.tooMany);
      else if (failure instanceof ApiError && failure.status === 400 && step === 'new-password')
        setError(`${vi.login.newPasswordRejected} ${vi.login.newPasswordRules}`);
      else setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: TargetedSubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (step === 'password') {
      void run(async () => {
        await proceed(
          await api<StepAnswer>(
            'POST',
            '/api/auth/login',
            { email: email.trim(), password },
            { authCall: true },
          ),
        );
      }, vi.login.wrong);
      return;
    }
    if (step === 'new-password') {
      if ([...answer].length < MIN_PASSWORD_LENGTH) return setError(vi.login.tooShort(MIN_PASSWORD_LENGTH));
      if (answer !== repeat) return setError(vi.login.mismatch);
    } else if (!/^\d{6}$/.test(answer.trim())) return setError(vi.login.codeInvalid);
    const sent = step === 'new-password' ? answer : answer.trim();
    void run(async () => {
      await proceed(
        await api<StepAnswer>('POST', '/api/auth/challenge', { answer: sent }, { authCall: true }),
      );
    }, vi.login.wrongCode);
  }

  const title =
    step === 'new-password'
      ? vi.login.newPasswordTitle
      : step === 'mfa-code'
        ? vi.login.codeTitle
        : step === 'mfa-setup'
          ? vi.login.setupTitle
          : props.expired
            ? vi.login.expired
            : vi.login.title;

  return (
    <form onSubmit={submit} data-testid="login-form" data-step={step} aria-labelledby="login-title">
      <h2 id="login-title">{title}</h2>
      {step === 'password' ? (
        <PasswordStep expired={props.expired} email={email} onEmail={setEmail} onPassword={setPassword} />
      ) : null}
      {step === 'new-password' ? (
        // A new key per step: the uncontrolled fields start empty.
        <div key="new-password">
          <p>{vi.login.newPasswordHint}</p>
          <TextField
            label={vi.login.newPassword}
            type="password"
            autoComplete="new-password"
            onValue={setAnswer}
            hint={vi.login.newPasswordRules}
            required
            testId="login-new-password"
            focusOnMount
          />
          <TextField
            label={vi.login.repeat}
            type="password"
            autoComplete="new-password"
            onValue={setRepeat}
            required
            testId="login-new-password-repeat"
          />
        </div>
      ) : null}
      {step === 'mfa-setup' && otpauthUri ? (
        <div key="mfa-setup" class="login-setup">
          <p>{vi.login.setupIntro}</p>
          <ol>
            <li>{vi.login.setupStepApp}</li>
            <li>
              {vi.login.setupStepAdd}
              <dl>
                <dt>{vi.login.setupKey}</dt>
                <dd>
                  <code data-testid="login-setup-key">{setupKey(otpauthUri)}</code>
                </dd>
                <dt>{vi.login.setupUri}</dt>
                <dd>
                  <code data-testid="login-setup-uri">{otpauthUri}</code>
                </dd>
              </dl>
              <small>{vi.login.setupKeepSecret}</small>
            </li>
            <li>{vi.login.setupStepCode}</li>
          </ol>
        </div>
      ) : null}
      {step === 'mfa-code' ? <p key="mfa-code-hint">{vi.login.codeHint}</p> : null}
      {step === 'mfa-code' || step === 'mfa-setup' ? (
        <TextField
          key={`code-${step}`}
          label={vi.login.code}
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          onValue={setAnswer}
          required
          testId="login-code"
          focusOnMount
        />
      ) : null}
      {info ? (
        <Notice kind="info" testId="login-info">
          {info}
        </Notice>
      ) : null}
      {error ? (
        <Notice kind="error" testId="login-error">
          {error}
        </Notice>
      ) : null}
      <button type="submit" aria-busy={busy} disabled={busy} data-testid="login-submit">
        {step === 'new-password'
          ? vi.login.newPasswordSubmit
          : step === 'mfa-code'
            ? vi.login.codeSubmit
            : step === 'mfa-setup'
              ? vi.login.setupSubmit
              : vi.login.submit}
      </button>
      {step === 'password' ? null : (
        <button
          type="button"
          class="secondary outline"
          onClick={() => backToStart()}
          disabled={busy}
          data-testid="login-back"
        >
          {vi.login.back}
        </button>
      )}
    </form>
  );
}

function PasswordStep(props: {
  expired?: boolean;
  email?: string;
  onEmail: (value: string) => void;
  onPassword: (value: string) => void;
}) {
  return (
    <div key="password">
      {props.expired ? <p>{vi.login.expiredHint}</p> : null}
      <TextField
        label={vi.login.email}
        type="email"
        autoComplete="username"
        initial={props.email ?? ''}
        onValue={props.onEmail}
        required
        testId="login-email"
        focusOnMount={!props.email}
      />
      <TextField
        label={vi.login.password}
        type="password"
        autoComplete="current-password"
        onValue={props.onPassword}
        required
        testId="login-password"
        focusOnMount={Boolean(props.email)}
      />
    </div>
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
