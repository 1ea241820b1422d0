/**
 * Thử hỏi: the web chat channel, as a citizen would see it. The conversation id and the
 * transcript live in sessionStorage (this tab only). Reply buttons send their data as the next
 * message; 👍/👎 rate the latest turn (the API takes no turn id).
 */
import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, describeError } from '../api.js';
import { CitationList, Notice, PlainText } from '../components/common.js';
import { formatViDate } from '../lib/dates.js';
import { load, remove, save } from '../storage.js';
import type { ChatReply, ReplyButton } from '../types.js';
import { vi } from '../vi.js';

export const CHAT_ID_KEY = 'console:chat:conversation';
export const CHAT_LOG_KEY = 'console:chat:log';

type Entry =
  | { readonly who: 'user'; readonly text: string; readonly turn: number }
  | { readonly who: 'bot'; readonly reply: ChatReply; readonly turn: number };

function newConversationId(): string {
  const random =
    typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
          '',
        );
  return `console-${random}`;
}

function conversationId(): string {
  const stored = load<string>(CHAT_ID_KEY);
  if (stored) return stored;
  const id = newConversationId();
  save(CHAT_ID_KEY, id);
  return id;
}

export function Chat() {
  const [conversation, setConversation] = useState(conversationId);
  const [log, setLog] = useState<readonly Entry[]>(() => load<Entry[]>(CHAT_LOG_KEY) ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [feedback, setFeedback] = useState<{ turn: number; value: 'up' | 'down' }>();
  const input = useRef<HTMLInputElement>(null);
  const composing = useRef(false);
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    save(CHAT_LOG_KEY, log);
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [log]);

  const lastTurn = log.reduce((max, entry) => Math.max(max, entry.turn), 0);

  /** Typed text, or a reply button pressed (sent as the button's data, shown as its label). */
  async function send(text: string, shown = text, button = false) {
    const message = text.normalize('NFC').trim();
    if (!message || busy) return;
    const turn = lastTurn + 1;
    setLog((previous) => [...previous, { who: 'user', text: shown.normalize('NFC').trim(), turn }]);
    setBusy(true);
    setError(undefined);
    try {
      const { replies } = await api<{ replies: ChatReply[] }>(
        'POST',
        '/api/chat',
        button
          ? { conversationId: conversation, button: text }
          : { conversationId: conversation, text: message },
      );
      setLog((previous) => [
        ...previous,
        ...(replies.length > 0 ? replies : [{ text: vi.chat.noReply }]).map(
          (reply): Entry => ({ who: 'bot', reply, turn }),
        ),
      ]);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  }

  function submit(event: TargetedSubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const field = input.current;
    if (!field || composing.current) return;
    const text = field.value;
    if (!text.trim()) return;
    field.value = '';
    void send(text);
  }

  async function rate(turn: number, turnId: string, value: 'up' | 'down') {
    setError(undefined);
    try {
      await api('POST', '/api/chat/feedback', { conversationId: conversation, value, turnId });
      setFeedback({ turn, value });
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  function restart() {
    remove(CHAT_LOG_KEY);
    const id = newConversationId();
    save(CHAT_ID_KEY, id);
    setConversation(id);
    setLog([]);
    setFeedback(undefined);
    setError(undefined);
  }

  return (
    <section class="chat">
      <header class="screen-header">
        <h2>{vi.chat.title}</h2>
        <button type="button" class="secondary outline" onClick={restart} data-testid="chat-new">
          {vi.chat.newConversation}
        </button>
      </header>
      <p class="muted">{vi.chat.hint}</p>
      <div class="chat-log" role="log" aria-live="polite" data-testid="chat-log">
        {log.length === 0 ? <p class="muted">{vi.chat.empty}</p> : null}
        {log.map((entry, index) =>
          entry.who === 'user' ? (
            <div key={index} class="bubble from-user" data-testid="chat-user-message">
              <span class="sr-only">{vi.chat.you}: </span>
              <PlainText text={entry.text} />
            </div>
          ) : (
            <div key={index} class="bubble from-bot" data-testid="chat-reply">
              <span class="sr-only">{vi.chat.bot}: </span>
              <PlainText text={entry.reply.text} />
              {entry.reply.citations && entry.reply.citations.length > 0 ? (
                <details>
                  <summary>{vi.chat.citations}</summary>
                  <CitationList citations={entry.reply.citations} />
                </details>
              ) : null}
              {entry.reply.asOf ? (
                <small class="muted">{vi.chat.asOf(formatViDate(entry.reply.asOf))}</small>
              ) : null}
              {entry.reply.buttons && entry.reply.buttons.length > 0 ? (
                <div class="reply-buttons">
                  {entry.reply.buttons.map((button: ReplyButton) => (
                    <button
                      key={`${button.label}|${button.data}`}
                      type="button"
                      class="secondary outline"
                      disabled={busy}
                      data-testid="chat-reply-button"
                      onClick={() => void send(button.data, button.label, true)}
                    >
                      {button.label}
                    </button>
                  ))}
                </div>
              ) : null}
              {entry.reply.askFeedback && entry.reply.turnId ? (
                <div class="feedback">
                  {(['up', 'down'] as const).map((value) => {
                    const turnId = entry.reply.turnId ?? '';
                    const latest = entry.turn === lastTurn;
                    const chosen = feedback?.turn === entry.turn && feedback.value === value;
                    return (
                      <button
                        key={value}
                        type="button"
                        class="secondary outline"
                        aria-label={value === 'up' ? vi.chat.up : vi.chat.down}
                        aria-pressed={chosen}
                        title={
                          latest ? (value === 'up' ? vi.chat.up : vi.chat.down) : vi.chat.feedbackOnlyLatest
                        }
                        disabled={!latest || busy}
                        data-testid={`chat-feedback-${value}`}
                        onClick={() => void rate(entry.turn, turnId, value)}
                      >
                        {value === 'up' ? '👍' : '👎'}
                      </button>
                    );
                  })}
                </div>
              ) : null}
            </div>
          ),
        )}
        {busy ? <p aria-busy="true" class="muted" /> : null}
        <div ref={end} />
      </div>
      {feedback ? <Notice kind="ok">{vi.chat.thanks}</Notice> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      <form onSubmit={submit} class="chat-form" data-testid="chat-form">
        <label for="chat-input" class="label-hidden">
          <span class="label-text">{vi.chat.input}</span>
        </label>
        {/* biome-ignore lint/a11y/noRedundantRoles: Pico draws [role=group] as one input group */}
        <fieldset role="group">
          <input
            ref={input}
            id="chat-input"
            type="text"
            autoComplete="off"
            placeholder={vi.chat.placeholder}
            data-testid="chat-input"
            onCompositionStart={() => {
              composing.current = true;
            }}
            onCompositionEnd={() => {
              composing.current = false;
            }}
          />
          <button type="submit" disabled={busy} aria-busy={busy} data-testid="chat-send">
            {vi.chat.send}
          </button>
        </fieldset>
      </form>
    </section>
  );
}
