import { describe, expect, it } from 'vitest';
import {
  capParts,
  formatZaloText,
  splitForZalo,
  zaloButtonsFor,
} from '../../../../functions/adapters/zalo/format.js';
import type { Reply } from '../../../../functions/core/messages.js';

const sentence = (i: number) => `Câu số ${i} nói về mức đóng BHXH tự nguyện của người dân.`;

describe('splitForZalo', () => {
  it('keeps a short text whole', () => {
    expect(splitForZalo('Xin chào.')).toEqual(['Xin chào.']);
  });

  it('splits a long text under the limit at sentence ends, losing nothing', () => {
    const text = Array.from({ length: 90 }, (_, i) => sentence(i)).join(' ');
    const parts = splitForZalo(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect([...part].length).toBeLessThanOrEqual(2000);
      expect(part.endsWith('dân.')).toBe(true);
    }
    expect(parts.join(' ')).toBe(text);
  });

  it('prefers paragraph breaks and cuts a text without any boundary hard', () => {
    const paragraphs = [sentence(1).repeat(20), sentence(2).repeat(20)].join('\n\n');
    const parts = splitForZalo(paragraphs, 1500);
    expect(parts[0]).toBe(sentence(1).repeat(20));
    const unbroken = 'a'.repeat(4500);
    expect(splitForZalo(unbroken).map((part) => part.length)).toEqual([2000, 2000, 500]);
  });

  it('never cuts an emoji in half', () => {
    const parts = splitForZalo('👍'.repeat(30), 7);
    expect(parts.join('')).toBe('👍'.repeat(30));
    for (const part of parts) expect([...part].length).toBeLessThanOrEqual(7);
  });
});

describe('capParts', () => {
  it('keeps at most three parts and says the answer was shortened', () => {
    const parts = capParts(['a'.repeat(2000), 'b'.repeat(2000), 'c'.repeat(2000), 'd']);
    expect(parts).toHaveLength(3);
    expect(parts[2]).toContain('rút gọn');
    expect([...(parts[2] ?? '')].length).toBeLessThanOrEqual(2000);
  });
});

describe('formatZaloText and buttons', () => {
  const reply: Reply = {
    text: 'Mức đóng là 374.000 đồng/tháng.',
    intent: 'calc',
    path: 'calculator',
    citations: [{ document: 'Luật BHXH 41/2024/QH15', section: 'Điều 31', date: '2025-07-01' }],
    askFeedback: true,
  };

  it('sends the core text as plain text, identical to what Telegram shows', () => {
    expect(formatZaloText({ ...reply, text: '  Mức đóng là 374.000 đồng/tháng.\n' })).toBe(reply.text);
  });

  it('offers 👍/👎 as hidden query buttons carrying the turn id, topics as their data', () => {
    expect(zaloButtonsFor(reply, 'T1').map((button) => button.payload)).toEqual(['fb:up:T1', 'fb:down:T1']);
    const greeting: Reply = {
      ...reply,
      askFeedback: false,
      buttons: [{ label: '🧮 Tính', data: 'topic:calc' }],
    };
    expect(zaloButtonsFor(greeting, 'T1')).toEqual([
      { title: '🧮 Tính', type: 'oa.query.hide', payload: 'topic:calc' },
    ]);
  });
});
