/**
 * Answer length against each channel's message limit, counted the way the adapters split:
 * Zalo counts characters (code points, functions/adapters/zalo/format.ts), Telegram UTF-16
 * units (functions/adapters/telegram/format.ts). Text is NFC first, as it is saved.
 */

export const ZALO_LIMIT = 2000;
export const TELEGRAM_LIMIT = 4096;

export interface ChannelCount {
  readonly length: number;
  readonly limit: number;
  readonly over: boolean;
  /** Messages the adapter would send at least (it splits at paragraph or sentence ends). */
  readonly parts: number;
}

function count(length: number, limit: number): ChannelCount {
  return { length, limit, over: length > limit, parts: Math.max(1, Math.ceil(length / limit)) };
}

export function channelCounts(text: string): { zalo: ChannelCount; telegram: ChannelCount } {
  const normalized = text.normalize('NFC').trim();
  return {
    zalo: count([...normalized].length, ZALO_LIMIT),
    telegram: count(normalized.length, TELEGRAM_LIMIT),
  };
}
