/**
 * Zalo shows plain text only (no HTML/Markdown) and caps a message at 2,000 characters.
 * A reply becomes its text (which carries its own legal basis), split at paragraph or sentence boundaries,
 * and the 👍/👎 or topic buttons as `oa.query.hide` buttons on the last part.
 */
import { feedbackData, type Reply } from '../../core/messages.js';
import { splitAtBoundaries } from '../../core/text/split.js';
import { ZALO_TEXT_LIMIT, type ZaloButton } from './client.js';

/** The free interaction window allows 8 replies per 48 h (channels.md B5): keep a turn short. */
export const MAX_PARTS_PER_REPLY = 3;
/** Zalo's maximum is not documented ([U]); 5 is what the widely used templates show. */
export const MAX_BUTTONS = 5;
const MAX_BUTTON_TITLE = 100;

/** The core's text as is: it already names its legal basis and date (as on Telegram). */
export function formatZaloText(reply: Reply): string {
  return reply.text.trim();
}

/** Split into parts of at most `limit` characters (Zalo counts characters, not UTF-16 units). */
export function splitForZalo(text: string, limit = ZALO_TEXT_LIMIT): string[] {
  return splitAtBoundaries(text, limit, 'codepoints');
}

/** At most `maxParts` parts; when more, the last kept part says the answer was shortened. */
export function capParts(
  parts: readonly string[],
  maxParts = MAX_PARTS_PER_REPLY,
  limit = ZALO_TEXT_LIMIT,
): string[] {
  if (parts.length <= maxParts) return [...parts];
  const note = '\n\n(Câu trả lời dài nên đã được rút gọn. Bạn có thể hỏi cụ thể hơn để xem tiếp.)';
  const kept = parts.slice(0, maxParts);
  const last = kept[maxParts - 1] ?? '';
  const room = limit - [...note].length;
  const trimmed = [...last].length > room ? (splitForZalo(last, room)[0] ?? '') : last;
  kept[maxParts - 1] = `${trimmed}${note}`;
  return kept;
}

export function zaloButtonsFor(reply: Reply, turnId: string): ZaloButton[] {
  const buttons: ZaloButton[] = (reply.buttons ?? []).map((button) => ({
    title: sliceChars(button.label, MAX_BUTTON_TITLE),
    type: 'oa.query.hide',
    payload: button.data,
  }));
  if (reply.askFeedback) {
    buttons.push(
      { title: '👍 Hữu ích', type: 'oa.query.hide', payload: feedbackData('up', turnId) },
      { title: '👎 Chưa hữu ích', type: 'oa.query.hide', payload: feedbackData('down', turnId) },
    );
  }
  return buttons.slice(0, MAX_BUTTONS);
}

/** The first `count` characters (code points, so no emoji or surrogate is cut in half). */
function sliceChars(text: string, count: number): string {
  const chars = [...text];
  return chars.length <= count ? text : chars.slice(0, count).join('');
}
