import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, splitMessage } from '../../../../functions/adapters/telegram/format.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('escapeHtml', () => {
  it('escapes the three characters Telegram requires and nothing else', () => {
    expect(escapeHtml('Mức 22% < 30% & "đ" > 0')).toBe('Mức 22% &lt; 30% &amp; "đ" &gt; 0');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('splitMessage', () => {
  it('keeps a short answer whole', () => {
    expect(splitMessage('  Xin chào!  ')).toEqual(['Xin chào!']);
  });

  it('splits at a sentence end rather than mid-sentence', () => {
    const sentence = 'Mức đóng BHXH tự nguyện bằng 22% mức thu nhập tháng do người tham gia lựa chọn. ';
    const text = sentence.repeat(80); // ~6,700 characters
    const parts = splitMessage(text, 4000);
    expect(parts.length).toBe(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4000);
      expect(part.endsWith('lựa chọn.')).toBe(true);
      expect(part.startsWith('Mức đóng')).toBe(true);
    }
    expect(words(parts.join(' '))).toEqual(words(text));
  });

  it('prefers a paragraph break to a sentence end', () => {
    const first = `${'Câu một. '.repeat(150)}`.trim();
    const second = `${'Câu hai. '.repeat(150)}`.trim();
    const parts = splitMessage(`${first}\n\n${second}`, 2000);
    expect(parts[0]).toBe(first);
    expect(parts[1]).toBe(second);
  });

  it('cuts a single enormous word at the limit without breaking a surrogate pair', () => {
    const text = `a${'😀'.repeat(3000)}`;
    const parts = splitMessage(text, 4000);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4000);
      expect(part).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
    expect(parts.join('')).toBe(text);
  });

  it('for any text: every part fits, none is empty, and no word is lost or reordered', () => {
    const token = fc.oneof(
      fc.constantFrom('BHXH', 'tự', 'nguyện', '22%', 'đồng.', 'Vâng!', 'sao?', '\n', '\n\n', '…'),
      fc.string({ minLength: 1, maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 400 }), fc.integer({ min: 20, max: 300 }), (tokens, limit) => {
        const text = tokens.join(' ');
        const parts = splitMessage(text, limit);
        for (const part of parts) {
          expect(part.length).toBeGreaterThan(0);
          expect(part.length).toBeLessThanOrEqual(limit);
        }
        expect(parts.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
