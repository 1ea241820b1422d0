/**
 * Daily charts with uPlot: turns stacked by answer path (a click on a bar opens those turns)
 * and percentage lines. Citizens' text never reaches a chart; only counts and path names.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { dayLabel } from '../../lib/analyst.js';
import { vi } from '../../vi.js';

const COLORS = ['#2e7d32', '#1565c0', '#6a1b9a', '#ef6c00', '#c62828', '#00838f', '#5d4037', '#757575'];
const MAX_SERIES = 7;

const epoch = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/** The paths with most turns first; the rest summed as "khác" (other). */
function stackOrder(
  byPath: Readonly<Record<string, readonly number[]>>,
): { name: string; values: number[] }[] {
  const totals = Object.entries(byPath)
    .map(([path, values]) => ({ name: path, values: [...values], total: values.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const kept = totals.slice(0, MAX_SERIES);
  const rest = totals.slice(MAX_SERIES);
  if (rest.length > 0)
    kept.push({
      name: '',
      values: rest.reduce(
        (sum, series) => sum.map((value, i) => value + (series.values[i] ?? 0)),
        rest[0]?.values.map(() => 0) ?? [],
      ),
      total: 0,
    });
  return kept;
}

export function StackedDaily(props: {
  days: readonly string[];
  byPath: Readonly<Record<string, readonly number[]>>;
  onPick: (day: string, path: string | undefined) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const pick = useRef(props.onPick);
  pick.current = props.onPick;
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const stacks = stackOrder(props.byPath);
    // Cumulative tops: series i is drawn from 0 to the sum of the first i+1; the tallest first.
    const cumulative = stacks.map((_, index) =>
      props.days.map((_, day) =>
        stacks.slice(0, index + 1).reduce((sum, s) => sum + (s.values[day] ?? 0), 0),
      ),
    );
    const bars = uPlot.paths.bars?.({ size: [0.7, 60] });
    const data: uPlot.AlignedData = [props.days.map(epoch), ...[...cumulative].reverse()];
    const series: uPlot.Series[] = [
      {},
      ...[...stacks].reverse().map((stack, index) => ({
        label: stack.name ? (vi.analyst.paths[stack.name] ?? stack.name) : 'khác',
        fill: COLORS[(stacks.length - 1 - index) % COLORS.length] as string,
        stroke: COLORS[(stacks.length - 1 - index) % COLORS.length] as string,
        ...(bars ? { paths: bars } : {}),
        points: { show: false },
      })),
    ];
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth || 640),
        height: 240,
        series,
        scales: {
          // Half a day either side, so the first and last bars are whole.
          x: { time: true, range: (_u, min, max) => [min - 43_200, max + 43_200] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
        },
        axes: [
          {
            values: (_u, ticks) =>
              ticks.map((tick) => dayLabel(new Date(tick * 1000).toISOString().slice(0, 10)).slice(0, 5)),
          },
          {},
        ],
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
      },
      data,
      element,
    );
    // The day and band under the pointer, from the click itself (not the hover cursor).
    const onClick = (event: MouseEvent) => {
      const x = chart.posToVal(event.offsetX, 'x');
      const y = chart.posToVal(event.offsetY, 'y');
      let index = 0;
      props.days.forEach((day, candidate) => {
        if (Math.abs(epoch(day) - x) < Math.abs(epoch(props.days[index] as string) - x)) index = candidate;
      });
      const day = props.days[index];
      if (!day) return;
      // The band the click fell in: the first cumulative top at or above the value.
      const band = cumulative.findIndex((tops) => y <= (tops[index] ?? 0));
      const stack = band >= 0 ? stacks[band] : undefined;
      pick.current(day, stack?.name || undefined);
    };
    chart.over.addEventListener('click', onClick);
    chart.over.dataset.testid = 'chart-bars';
    return () => {
      chart.over.removeEventListener('click', onClick);
      chart.destroy();
    };
  }, [props.days, props.byPath]);
  return <div ref={box} class="chart" data-testid="chart-by-path" />;
}

export function PercentLine(props: {
  days: readonly string[];
  values: readonly number[];
  label: string;
  color: string;
  testId: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot(
      {
        width: Math.max(280, element.clientWidth || 320),
        height: 160,
        series: [{}, { label: props.label, stroke: props.color, width: 2 }],
        scales: { x: { time: true }, y: { range: [0, 100] } },
        axes: [
          {
            values: (_u, ticks) =>
              ticks.map((tick) => dayLabel(new Date(tick * 1000).toISOString().slice(0, 10)).slice(0, 5)),
          },
          { values: (_u, ticks) => ticks.map((tick) => `${tick}%`) },
        ],
        legend: { show: false },
      },
      [props.days.map(epoch), [...props.values]],
      element,
    );
    return () => chart.destroy();
  }, [props.days, props.values]);
  return <div ref={box} class="chart" data-testid={props.testId} />;
}
