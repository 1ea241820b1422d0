/**
 * Lịch sử phiên bản: every stored version with its author, time and change note; a diff of
 * any version against the current one; Khôi phục makes a new draft from an old version.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, describeError } from '../api.js';
import { ConfirmDialog, Notice, StatusBadge } from '../components/common.js';
import { DiffView } from '../components/faq-views.js';
import { formatDateTime } from '../lib/dates.js';
import { can } from '../lib/roles.js';
import { hashFor } from '../lib/routes.js';
import { navigate, setFlash } from '../router.js';
import type { FaqItem, FaqVersion, Me } from '../types.js';
import { vi } from '../vi.js';

export function FaqHistory({ id, me }: { id: string; me: Me }) {
  const [current, setCurrent] = useState<FaqItem>();
  const [versions, setVersions] = useState<readonly FaqVersion[]>();
  const [error, setError] = useState<string>();
  const [selected, setSelected] = useState<number>();
  const [restoring, setRestoring] = useState<number>();
  const [busy, setBusy] = useState(false);
  const editable = can(me.roles, 'faq.edit');

  useEffect(() => {
    let live = true;
    const path = `/api/faq/${encodeURIComponent(id)}`;
    Promise.all([api<FaqItem>('GET', path), api<FaqVersion[]>('GET', `${path}/versions`)])
      .then(([item, list]) => {
        if (!live) return;
        setCurrent(item);
        setVersions([...list].sort((a, b) => b.version - a.version));
      })
      .catch((failure: unknown) => {
        if (live) setError(describeError(failure));
      });
    return () => {
      live = false;
    };
  }, [id]);

  async function restore(version: number) {
    setRestoring(undefined);
    setBusy(true);
    try {
      const item = await api<FaqItem>('POST', `/api/faq/${encodeURIComponent(id)}/restore`, { version });
      setFlash(vi.history.restored(version, item.version));
      navigate({ name: 'faq-edit', id });
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  const chosen = versions?.find((version) => version.version === selected);
  return (
    <section>
      <header class="screen-header">
        <h2>{vi.history.title(id)}</h2>
        <a href={hashFor({ name: 'faq-edit', id })}>{vi.history.back}</a>
      </header>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!versions && !error ? <p aria-busy="true">{vi.loading}</p> : null}
      {versions && versions.length === 0 ? <p>{vi.history.empty}</p> : null}
      {versions && versions.length > 0 ? (
        <div class="overflow-auto">
          <table class="striped" data-testid="history-table">
            <thead>
              <tr>
                <th scope="col">{vi.history.version}</th>
                <th scope="col">{vi.history.status}</th>
                <th scope="col">{vi.history.author}</th>
                <th scope="col">{vi.history.time}</th>
                <th scope="col">{vi.history.note}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {versions.map((version) => {
                const isCurrent = version.version === current?.version;
                return (
                  <tr
                    key={version.version}
                    data-testid="history-row"
                    aria-selected={version.version === selected}
                  >
                    <td>
                      {vi.versionShort(version.version)}
                      {isCurrent ? <small class="muted"> ({vi.history.current})</small> : null}
                    </td>
                    <td>
                      <StatusBadge status={version.status} />
                    </td>
                    <td>{version.updatedBy}</td>
                    <td>{formatDateTime(version.updatedAt)}</td>
                    <td>{version.changeNote ?? ''}</td>
                    <td>
                      <div class="actions">
                        {isCurrent ? null : (
                          <button
                            type="button"
                            class="secondary outline"
                            data-testid="history-compare"
                            onClick={() => setSelected(version.version)}
                          >
                            {vi.history.compare}
                          </button>
                        )}
                        {editable && !isCurrent ? (
                          <button
                            type="button"
                            class="secondary"
                            disabled={busy}
                            title={vi.history.restoreHint}
                            data-testid="history-restore"
                            onClick={() => setRestoring(version.version)}
                          >
                            {vi.history.restore}
                          </button>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {chosen && current ? (
        <section>
          <h3>{vi.history.comparing(chosen.version, current.version)}</h3>
          <DiffView before={chosen} after={current} testId="history-diff" />
        </section>
      ) : null}
      {restoring !== undefined ? (
        <ConfirmDialog
          title={`${vi.history.restore} ${vi.versionShort(restoring)}?`}
          confirmLabel={vi.history.restore}
          onConfirm={() => void restore(restoring)}
          onCancel={() => setRestoring(undefined)}
        >
          <p>{vi.history.restoreHint}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
