/**
 * Telegram formatting: HTML escaping and splitting long answers. Replies are plain text
 * from the core, sent with parse_mode HTML so we can add our own tags later; every `<`, `>`
 * and `&` of the text is escaped, as Telegram requires.
 */
import { splitAtBoundaries } from '../../core/text/split.js';

/** Telegram's limit is 4,096 characters after entity parsing; we keep a margin. */
export const DEFAULT_PART_LENGTH = 3900;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Split text into parts of at most `limit` UTF-16 code units (Telegram counts that way, and
 * escaping is undone by its parser, so the plain length is what counts).
 */
export function splitMessage(text: string, limit = DEFAULT_PART_LENGTH): string[] {
  return splitAtBoundaries(text, limit, 'utf16');
}
