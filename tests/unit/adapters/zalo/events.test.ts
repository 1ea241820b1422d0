import { describe, expect, it } from 'vitest';
import { classifyZaloEvent, zaloEventSchema } from '../../../../functions/adapters/zalo/events.js';
import { createHasher } from '../../../../functions/shared/hash.js';

const hash = createHasher('test-key');
const now = new Date('2026-11-23T00:00:00Z');
const ts = String(Date.parse('2026-11-22T23:59:00Z'));

function classify(event: Record<string, unknown>) {
  return classifyZaloEvent(zaloEventSchema.parse(event), hash, now);
}

describe('classifyZaloEvent', () => {
  it('turns user_send_text into a text message addressed to the sender', () => {
    const decision = classify({
      event_name: 'user_send_text',
      timestamp: ts,
      sender: { id: '7300442764876318465' },
      recipient: { id: 'oa' },
      message: { msg_id: 'f3af2263f0673c3f6570', text: 'Thu nhập 2 triệu đóng bao nhiêu?' },
    });
    expect(decision).toEqual({
      action: 'enqueue',
      message: {
        channel: 'zalo',
        messageId: 'f3af2263f0673c3f6570',
        chatId: '7300442764876318465',
        sentAt: '2026-11-22T23:59:00.000Z',
        kind: 'text',
        text: 'Thu nhập 2 triệu đóng bao nhiêu?',
      },
    });
  });

  it('turns a feedback, topic or FAQ-choice button payload into a callback', () => {
    const sent = (msgId: string, text: string) =>
      classify({
        event_name: 'user_send_text',
        timestamp: ts,
        sender: { id: 'u1' },
        message: { msg_id: msgId, text },
      });
    const feedback = sent('m1', 'fb:up:20261123T000000000Z-ab12');
    expect(feedback.action === 'enqueue' && feedback.message.kind).toBe('callback');
    expect(
      feedback.action === 'enqueue' && feedback.message.kind === 'callback' && feedback.message.callback,
    ).toEqual({
      id: 'm1',
      data: 'fb:up:20261123T000000000Z-ab12',
    });
    const topic = sent('m2', 'topic:calc');
    expect(
      topic.action === 'enqueue' && topic.message.kind === 'callback' && topic.message.callback.data,
    ).toBe('topic:calc');
    const choice = sent('m3', 'faq:bhxh-mot-lan');
    expect(
      choice.action === 'enqueue' && choice.message.kind === 'callback' && choice.message.callback.data,
    ).toBe('faq:bhxh-mot-lan');
    // Text that only looks similar stays a question.
    const typed = sent('m4', 'faq: bhxh một lần là gì');
    expect(typed.action === 'enqueue' && typed.message.kind).toBe('text');
  });

  it('gives follow events (no msg_id) a stable id without the raw user id', () => {
    const event = { event_name: 'follow', timestamp: ts, follower: { id: '7300442764876318465' } };
    const first = classify(event);
    const again = classify(event);
    expect(first.action === 'enqueue' && first.message.kind).toBe('follow');
    expect(first.action === 'enqueue' && first.message.chatId).toBe('7300442764876318465');
    const id = first.action === 'enqueue' ? first.message.messageId : '';
    expect(id).toBe(again.action === 'enqueue' ? again.message.messageId : 'different');
    expect(id).not.toContain('7300442764876318465');
    expect(classify({ ...event, timestamp: String(Number(ts) + 1) })).not.toEqual(first);
  });

  it('maps media to unsupported, unfollow and user_withdraw to their kinds', () => {
    for (const [name, kind] of [
      ['user_send_image', 'image'],
      ['user_send_sticker', 'sticker'],
      ['user_send_file', 'file'],
      ['user_send_location', 'location'],
      ['user_send_gif', 'gif'],
      ['user_send_audio', 'audio'],
      ['user_send_video', 'video'],
      ['user_send_link', 'link'],
    ] as const) {
      const decision = classify({
        event_name: name,
        timestamp: ts,
        sender: { id: 'u' },
        message: { msg_id: name },
      });
      expect(decision.action === 'enqueue' && decision.message.kind).toBe('unsupported');
      expect(
        decision.action === 'enqueue' &&
          decision.message.kind === 'unsupported' &&
          decision.message.unsupportedKind,
      ).toBe(kind);
    }
    const unfollow = classify({ event_name: 'unfollow', timestamp: ts, follower: { id: 'u' } });
    expect(unfollow.action === 'enqueue' && unfollow.message.kind).toBe('unfollow');
    const withdraw = classify({
      event_name: 'user_withdraw',
      timestamp: ts,
      user_id: 'u',
      user_id_by_app: 'a',
    });
    expect(withdraw.action === 'enqueue' && withdraw.message.kind).toBe('withdraw');
    expect(withdraw.action === 'enqueue' && withdraw.message.chatId).toBe('u');
  });

  it('ignores receipts, echoes of the OA and unknown events', () => {
    expect(classify({ event_name: 'user_seen_message', timestamp: ts, sender: { id: 'oa' } })).toMatchObject({
      action: 'ignore',
      reason: 'receipt',
    });
    expect(classify({ event_name: 'user_received_message', timestamp: ts })).toMatchObject({
      reason: 'receipt',
    });
    expect(
      classify({ event_name: 'oa_send_text', timestamp: ts, sender: { id: 'oa', admin_id: '1' } }),
    ).toMatchObject({
      reason: 'echo',
    });
    expect(
      classify({ event_name: 'user_reacted_message', timestamp: ts, sender: { id: 'u' } }),
    ).toMatchObject({
      action: 'ignore',
      reason: 'unknown',
      eventName: 'user_reacted_message',
    });
  });
});
