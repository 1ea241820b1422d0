/**
 * Runs a conversation of text messages through the real dialogue core (`handleMessage`),
 * keeping the session between turns, as a channel would for one chat.
 */
import { type DialogueDeps, handleMessage } from '../../functions/core/dialogue/handle.js';
import type { InboundMessage, Reply } from '../../functions/core/messages.js';
import type { Session } from '../../functions/core/ports.js';

export async function converse(
  texts: readonly string[],
  deps: DialogueDeps,
  sessionKey = 'cli:test',
): Promise<{ replies: Reply[]; session: Session }> {
  const sentAt = deps.clock.now().toISOString();
  let session: Session = { key: sessionKey, updatedAt: sentAt };
  const replies: Reply[] = [];
  for (const [index, text] of texts.entries()) {
    const message: InboundMessage = {
      channel: 'cli',
      messageId: String(index),
      chatId: 'c',
      sentAt,
      kind: 'text',
      text,
    };
    const result = await handleMessage(message, session, deps);
    if (!result.reply) throw new Error(`no reply to "${text}"`);
    replies.push(result.reply);
    session = result.session;
  }
  return { replies, session };
}
