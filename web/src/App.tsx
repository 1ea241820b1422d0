/**
 * The console shell: who is signed in, the header (user, role badges, Đăng xuất), the
 * navigation (only what the role may use) and the screen for the hash route. A 401 from any
 * call opens the sign-in dialog over the current screen instead of replacing it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, onSessionExpired } from './api.js';
import { Notice } from './components/common.js';
import { type Capability, can } from './lib/roles.js';
import { hashFor, type Route } from './lib/routes.js';
import { useRoute } from './router.js';
import { Feedback } from './screens/analyst/Feedback.js';
import { Gaps } from './screens/analyst/Gaps.js';
import { Overview } from './screens/analyst/Overview.js';
import { Suggestions } from './screens/analyst/Suggestions.js';
import { Turns } from './screens/analyst/Turns.js';
import { ChangePassword } from './screens/ChangePassword.js';
import { Chat } from './screens/Chat.js';
import { DocumentList, DocumentView } from './screens/Documents.js';
import { FaqEditor } from './screens/FaqEditor.js';
import { FaqHistory } from './screens/FaqHistory.js';
import { FaqList } from './screens/FaqList.js';
import { ImportExport } from './screens/ImportExport.js';
import { LoginScreen, SessionExpiredDialog } from './screens/Login.js';
import { TestBench } from './screens/TestBench.js';
import type { Me, Role } from './types.js';
import { vi } from './vi.js';

const ROLE_ORDER: readonly Role[] = ['admin', 'editor', 'analyst'];

interface NavEntry {
  readonly route: Route;
  readonly label: string;
  readonly allowed: (roles: readonly Role[]) => boolean;
  readonly active: (route: Route) => boolean;
}

const need = (capability: Capability) => (roles: readonly Role[]) => can(roles, capability);

const analystEntry = (name: 'overview' | 'turns' | 'gaps' | 'suggestions' | 'feedback'): NavEntry => ({
  route: { name, params: {} },
  label: vi.nav[name],
  allowed: need('analytics'),
  active: (route) => route.name === name,
});

const NAV: readonly NavEntry[] = [
  analystEntry('overview'),
  analystEntry('turns'),
  analystEntry('gaps'),
  analystEntry('suggestions'),
  analystEntry('feedback'),
  {
    route: { name: 'faq-list', filters: {} },
    label: vi.nav.faq,
    allowed: need('faq.read'),
    active: (route) => route.name.startsWith('faq-'),
  },
  {
    route: { name: 'import' },
    label: vi.nav.importExport,
    allowed: (roles) => can(roles, 'faq.import') || can(roles, 'faq.export'),
    active: (route) => route.name === 'import',
  },
  {
    route: { name: 'test' },
    label: vi.nav.test,
    allowed: need('test'),
    active: (route) => route.name === 'test',
  },
  {
    route: { name: 'chat' },
    label: vi.nav.chat,
    allowed: need('chat'),
    active: (route) => route.name === 'chat',
  },
  {
    route: { name: 'documents' },
    label: vi.nav.documents,
    allowed: need('documents.read'),
    active: (route) => route.name === 'documents' || route.name === 'document',
  },
];

/** Drops this tab's unsaved editor copies and chat on sign-out (the next user must not see them). */
function clearSessionCopies() {
  try {
    for (const key of Object.keys(sessionStorage))
      if (key.startsWith('console:')) sessionStorage.removeItem(key);
  } catch {
    // storage unavailable: nothing kept
  }
}

function Header({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const roles = ROLE_ORDER.filter((role) => me.roles.includes(role));
  return (
    <header class="app-header container-fluid">
      <nav>
        <ul>
          <li>
            <a href={hashFor({ name: 'faq-list', filters: {} })} class="brand">
              <strong>{vi.appTitle}</strong>
            </a>
          </li>
        </ul>
        <ul>
          <li data-testid="user-email">{me.email}</li>
          <li aria-label={vi.rolesLabel}>
            {roles.map((role) => (
              <span key={role} class={`badge role-${role}`} data-testid="role-badge" data-role={role}>
                {vi.roles[role]}
              </span>
            ))}
          </li>
          <li>
            <a href={hashFor({ name: 'password' })}>{vi.nav.password}</a>
          </li>
          <li>
            <button type="button" class="secondary outline" onClick={onLogout} data-testid="logout">
              {vi.logout}
            </button>
          </li>
        </ul>
      </nav>
    </header>
  );
}

function Screen({ route, me, editorKey }: { route: Route; me: Me; editorKey: string }) {
  const forbidden = <Notice kind="error">{vi.errors.forbidden}</Notice>;
  switch (route.name) {
    case 'faq-list':
      return can(me.roles, 'faq.read') ? <FaqList filters={route.filters} me={me} /> : forbidden;
    case 'faq-new':
      return can(me.roles, 'faq.edit') ? <FaqEditor key={editorKey} me={me} /> : forbidden;
    case 'faq-edit':
      return can(me.roles, 'faq.read') ? <FaqEditor key={editorKey} id={route.id} me={me} /> : forbidden;
    case 'faq-history':
      return can(me.roles, 'faq.read') ? <FaqHistory id={route.id} me={me} /> : forbidden;
    case 'import':
      return can(me.roles, 'faq.import') || can(me.roles, 'faq.export') ? (
        <ImportExport me={me} />
      ) : (
        forbidden
      );
    case 'test':
      return can(me.roles, 'test') ? <TestBench /> : forbidden;
    case 'chat':
      return can(me.roles, 'chat') ? <Chat /> : forbidden;
    case 'documents':
      return can(me.roles, 'documents.read') ? <DocumentList me={me} /> : forbidden;
    case 'document':
      return can(me.roles, 'documents.read') ? <DocumentView id={route.id} me={me} /> : forbidden;
    case 'password':
      return <ChangePassword firstRun={false} onChanged={() => undefined} />;
    case 'overview':
      return can(me.roles, 'analytics') ? <Overview params={route.params} /> : forbidden;
    case 'turns':
      return can(me.roles, 'analytics') ? <Turns params={route.params} /> : forbidden;
    case 'gaps':
      return can(me.roles, 'analytics') ? <Gaps params={route.params} me={me} /> : forbidden;
    case 'suggestions':
      return can(me.roles, 'analytics') ? <Suggestions me={me} /> : forbidden;
    case 'feedback':
      return can(me.roles, 'analytics') ? <Feedback params={route.params} /> : forbidden;
    default:
      return <p>{vi.notFound}</p>;
  }
}

export function App() {
  /** undefined: still asking; null: signed out. */
  const [me, setMe] = useState<Me | null>();
  const [expired, setExpired] = useState(false);
  const route = useRoute();

  // One editor instance from "new" to the created item's id; a fresh one for each "new".
  const previous = useRef<Route>(undefined);
  const editorGeneration = useRef(0);
  if (route.name === 'faq-new' && previous.current?.name !== 'faq-new') editorGeneration.current++;
  previous.current = route;

  useEffect(() => {
    api<Me>('GET', '/api/auth/me', undefined, { authCall: true })
      .then(setMe)
      .catch(() => setMe(null));
    return onSessionExpired(() => setExpired(true));
  }, []);

  async function logout() {
    try {
      await api('POST', '/api/auth/logout', undefined, { authCall: true });
    } catch (failure) {
      // Signed out locally either way; a 401 means the session was already gone.
      if (!(failure instanceof ApiError)) console.warn('logout failed', failure);
    }
    clearSessionCopies();
    setExpired(false);
    setMe(null);
  }

  if (me === undefined)
    return (
      <main class="container" aria-busy="true">
        {vi.loading}
      </main>
    );
  if (me === null) return <LoginScreen onSignedIn={setMe} />;

  const nav = NAV.filter((entry) => entry.allowed(me.roles));
  return (
    <>
      <Header me={me} onLogout={() => void logout()} />
      <div class="layout container-fluid">
        {me.mustChangePassword ? null : (
          <aside>
            <nav aria-label={vi.nav.label} data-testid="main-nav">
              <ul>
                {nav.map((entry) => (
                  <li key={entry.label}>
                    <a href={hashFor(entry.route)} aria-current={entry.active(route) ? 'page' : undefined}>
                      {entry.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </aside>
        )}
        <main>
          {me.mustChangePassword ? (
            <ChangePassword firstRun onChanged={setMe} />
          ) : (
            <Screen route={route} me={me} editorKey={`editor-${editorGeneration.current}`} />
          )}
        </main>
      </div>
      {expired ? (
        <SessionExpiredDialog
          email={me.email}
          onSignedIn={(signedIn) => {
            if (signedIn.email !== me.email) {
              // Another account: nothing typed under the previous one stays on screen.
              clearSessionCopies();
              location.reload();
              return;
            }
            setExpired(false);
            setMe(signedIn);
          }}
        />
      ) : null}
    </>
  );
}
