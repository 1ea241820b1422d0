/**
 * The date range (presets in Vietnam time, or two dates) and the channel filter of the
 * analyst screens. Everything lives in the URL (#/overview?from=…&to=…&channel=…), so a view
 * can be bookmarked and shared.
 */
import { useState } from 'preact/hooks';
import { dayLabel, type Preset, presetRange, vietnamToday } from '../../lib/analyst.js';
import { vi } from '../../vi.js';

export interface RangeParams {
  readonly from: string;
  readonly to: string;
  readonly channel?: string;
}

/** The range in the URL, or the default preset. */
export function rangeFrom(params: Readonly<Record<string, string>>, fallback: Preset = 'd7'): RangeParams {
  const valid = (day: string | undefined) => (day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined);
  const preset = presetRange(fallback, vietnamToday());
  const from = valid(params.from) ?? preset.from;
  const to = valid(params.to) ?? preset.to;
  return { from, to, ...(params.channel ? { channel: params.channel } : {}) };
}

const PRESETS: readonly Preset[] = ['today', 'd7', 'd30', 'month'];

export function RangeBar(props: {
  range: RangeParams;
  onChange: (range: RangeParams) => void;
  channels?: boolean;
}) {
  const { range } = props;
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const today = vietnamToday();
  const active = PRESETS.find((preset) => {
    const candidate = presetRange(preset, today);
    return candidate.from === range.from && candidate.to === range.to;
  });
  const pick = (preset: Preset) => props.onChange({ ...range, ...presetRange(preset, today) });
  return (
    <form
      class="range-bar"
      data-testid="range-bar"
      onSubmit={(event) => {
        event.preventDefault();
        if (from <= to) props.onChange({ ...range, from, to });
      }}
    >
      <fieldset class="group">
        {PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            class={active === preset ? '' : 'outline'}
            aria-pressed={active === preset}
            data-testid={`preset-${preset}`}
            onClick={() => pick(preset)}
          >
            {vi.analyst.presets[preset]}
          </button>
        ))}
      </fieldset>
      <label>
        {vi.analyst.from}
        <input
          type="text"
          pattern="\d{4}-\d{2}-\d{2}"
          value={from}
          onInput={(e) => setFrom(e.currentTarget.value)}
        />
      </label>
      <label>
        {vi.analyst.to}
        <input
          type="text"
          pattern="\d{4}-\d{2}-\d{2}"
          value={to}
          onInput={(e) => setTo(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="secondary">
        {vi.analyst.presets.custom}
      </button>
      {props.channels === false ? null : (
        <label>
          {vi.analyst.channel}
          <select
            data-testid="channel-filter"
            value={range.channel ?? ''}
            onChange={(event) => {
              const channel = event.currentTarget.value;
              const { channel: _old, ...rest } = range;
              props.onChange(channel ? { ...rest, channel } : rest);
            }}
          >
            <option value="">{vi.analyst.allChannels}</option>
            <option value="zalo">Zalo</option>
            <option value="telegram">Telegram</option>
            <option value="web">{vi.analyst.channelNames.web}</option>
          </select>
        </label>
      )}
      <small class="range-label">{vi.analyst.range(dayLabel(range.from), dayLabel(range.to))}</small>
    </form>
  );
}
