/**
 * Tổng quan: tiles with their change against the previous period, daily charts whose bars
 * open the matching turns, and the rankings (intents, FAQ served, FAQ by 👎, gap clusters).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, describeError } from '../../api.js';
import { Notice } from '../../components/common.js';
import {
  change,
  formatNumber,
  formatPercent,
  type GapSummary,
  query,
  type Summary,
  type Tiles,
} from '../../lib/analyst.js';
import { hashFor } from '../../lib/routes.js';
import { navigate } from '../../router.js';
import { vi } from '../../vi.js';
import { PercentLine, StackedDaily } from './charts.js';
import { RangeBar, type RangeParams, rangeFrom } from './RangeBar.js';

type TileKind = 'count' | 'share' | 'ms';

function Tile(props: { label: string; value: number; previous: number; kind: TileKind; testId: string }) {
  const shown =
    props.kind === 'share'
      ? formatPercent(props.value)
      : props.kind === 'ms'
        ? `${formatNumber(props.value)} ms`
        : formatNumber(props.value);
  const delta = change(props.value, props.previous, props.kind);
  return (
    <article class="tile" data-testid={props.testId}>
      <small>{props.label}</small>
      <strong class="tile-value">{shown}</strong>
      <small class="tile-delta">{delta ? vi.analyst.vsPrevious(delta) : vi.analyst.noChange}</small>
    </article>
  );
}

function TileGrid({ now, before }: { now: Tiles; before: Tiles }) {
  const t = vi.analyst.tiles;
  const share = (path: string) => now.answered[path] ?? 0;
  const previousShare = (path: string) => before.answered[path] ?? 0;
  return (
    <div class="tiles" data-testid="tiles">
      <Tile label={t.turns} value={now.turns} previous={before.turns} kind="count" testId="tile-turns" />
      <Tile label={t.chats} value={now.chats} previous={before.chats} kind="count" testId="tile-chats" />
      {(['faq', 'calculator', 'card', 'document'] as const).map((path) => (
        <Tile
          key={path}
          label={t[path]}
          value={share(path)}
          previous={previousShare(path)}
          kind="share"
          testId={`tile-${path}`}
        />
      ))}
      <Tile
        label={t.dontKnow}
        value={now.dontKnow}
        previous={before.dontKnow}
        kind="share"
        testId="tile-dont-know"
      />
      <Tile
        label={t.handoff}
        value={now.handoff}
        previous={before.handoff}
        kind="count"
        testId="tile-handoff"
      />
      <Tile label={t.up} value={now.up} previous={before.up} kind="count" testId="tile-up" />
      <Tile label={t.down} value={now.down} previous={before.down} kind="count" testId="tile-down" />
      <Tile
        label={t.downShare}
        value={now.downShare}
        previous={before.downShare}
        kind="share"
        testId="tile-down-share"
      />
      <Tile label={t.p50} value={now.latencyP50} previous={before.latencyP50} kind="ms" testId="tile-p50" />
      <Tile label={t.p95} value={now.latencyP95} previous={before.latencyP95} kind="ms" testId="tile-p95" />
    </div>
  );
}

/** HTML bars: a label, a count, a bar as wide as its share of the largest. */
function Ranking(props: {
  title: string;
  rows: readonly { key: string; count: number; label?: string; href?: string }[];
  testId: string;
}) {
  const max = Math.max(1, ...props.rows.map((row) => row.count));
  return (
    <section class="ranking" data-testid={props.testId}>
      <h3>{props.title}</h3>
      {props.rows.length === 0 ? (
        <p>{vi.analyst.rankings.empty}</p>
      ) : (
        <ol>
          {props.rows.map((row) => (
            <li key={row.key}>
              <span class="ranking-label">
                {row.href ? <a href={row.href}>{row.label ?? row.key}</a> : (row.label ?? row.key)}
              </span>
              <progress value={row.count} max={max} />
              <span class="ranking-count">{formatNumber(row.count)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function Overview({ params }: { params: Readonly<Record<string, string>> }) {
  const range = rangeFrom(params);
  const [summary, setSummary] = useState<Summary>();
  const [gaps, setGaps] = useState<readonly GapSummary[]>();
  const [error, setError] = useState<string>();
  const key = `${range.from}|${range.to}|${range.channel ?? ''}`;

  useEffect(() => {
    setError(undefined);
    setGaps(undefined);
    // Tiles and charts come from the daily roll-ups; the gap clusters are computed from the
    // gap turns and come after, so the rest does not wait for them.
    api<Summary>(
      'GET',
      `/api/analytics/summary${query({ from: range.from, to: range.to, channel: range.channel, gaps: 'false' })}`,
    )
      .then(setSummary)
      .catch((failure: unknown) => setError(describeError(failure)));
    api<GapSummary[]>('GET', `/api/gaps${query({ from: range.from, to: range.to })}`)
      .then((all) => setGaps(all.filter((gap) => gap.status !== 'ignored').slice(0, 10)))
      .catch((failure: unknown) => setError(describeError(failure)));
  }, [key]);

  const go = (next: RangeParams) =>
    navigate({
      name: 'overview',
      params: { from: next.from, to: next.to, ...(next.channel ? { channel: next.channel } : {}) },
    });
  const turnsOf = (day: string, path: string | undefined) =>
    navigate({
      name: 'turns',
      params: {
        from: day,
        to: day,
        ...(path ? { path } : {}),
        ...(range.channel ? { channel: range.channel } : {}),
      },
    });
  const gapsHref = hashFor({ name: 'gaps', params: { from: range.from, to: range.to } });

  return (
    <section data-testid="overview">
      <h2>{vi.nav.overview}</h2>
      <RangeBar range={range} onChange={go} />
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!summary ? (
        <p aria-busy="true">{vi.loading}</p>
      ) : (
        <>
          <TileGrid now={summary.tiles} before={summary.previousTiles} />
          {summary.llm.used > 0 || summary.llm.costPer1000Messages > 0 ? (
            <p data-testid="llm-usage">
              {vi.analyst.llm(
                summary.llm.used,
                new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 4 }).format(
                  summary.llm.costPer1000Messages,
                ),
              )}
            </p>
          ) : null}
          <h3>{vi.analyst.charts.byPath}</h3>
          <StackedDaily days={summary.series.days} byPath={summary.series.byPath} onPick={turnsOf} />
          <div class="chart-pair">
            <div>
              <h3>{vi.analyst.charts.dontKnow}</h3>
              <PercentLine
                days={summary.series.days}
                values={summary.series.dontKnowPercent}
                label="%"
                color="#c62828"
                testId="chart-dont-know"
              />
            </div>
            <div>
              <h3>{vi.analyst.charts.down}</h3>
              <PercentLine
                days={summary.series.days}
                values={summary.series.downPercent}
                label="%"
                color="#6a1b9a"
                testId="chart-down"
              />
            </div>
          </div>
          <div class="rankings">
            <Ranking
              title={vi.analyst.rankings.intents}
              testId="rank-intents"
              rows={summary.topIntents.map((row) => ({
                ...row,
                href: hashFor({ name: 'turns', params: { from: range.from, to: range.to, intent: row.key } }),
              }))}
            />
            <Ranking
              title={vi.analyst.rankings.faq}
              testId="rank-faq"
              rows={summary.topFaq.map((row) => ({
                ...row,
                href: hashFor({ name: 'faq-edit', id: row.key }),
              }))}
            />
            <Ranking
              title={vi.analyst.rankings.faqDown}
              testId="rank-faq-down"
              rows={summary.faqByDown.map((row) => ({
                ...row,
                href: hashFor({ name: 'feedback', params: { from: range.from, to: range.to } }),
              }))}
            />
            <Ranking
              title={vi.analyst.rankings.gaps}
              testId="rank-gaps"
              rows={(gaps ?? []).map((gap) => ({
                key: gap.key,
                count: gap.questions,
                label: gap.dontKnowBeforeAfter
                  ? `${gap.label} — ${vi.analyst.gaps.beforeAfter(gap.dontKnowBeforeAfter.before, gap.dontKnowBeforeAfter.after)}`
                  : gap.label,
                href: gapsHref,
              }))}
            />
          </div>
        </>
      )}
    </section>
  );
}
