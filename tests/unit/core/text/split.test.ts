import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LengthUnit, splitAtBoundaries } from '../../../../functions/core/text/split.js';

const measure = (text: string, unit: LengthUnit) => (unit === 'utf16' ? text.length : [...text].length);

describe('splitAtBoundaries', () => {
  it.each(['utf16', 'codepoints'] as const)(
    'in %s: every part fits and is not empty, and no character is lost or reordered',
    (unit) => {
      const token = fc.oneof(
        fc.constantFrom('BHXH', 'tự', 'nguyện', '22%', 'đồng.', 'Vâng!', '\n', '\n\n', '👍', '😀😀'),
        fc.string({ minLength: 1, maxLength: 12 }),
      );
      fc.assert(
        fc.property(
          fc.array(token, { maxLength: 300 }),
          fc.integer({ min: 4, max: 200 }),
          (tokens, limit) => {
            const text = tokens.join(' ');
            const parts = splitAtBoundaries(text, limit, unit);
            for (const part of parts) {
              expect(part.length).toBeGreaterThan(0);
              expect(measure(part, unit)).toBeLessThanOrEqual(limit);
              expect(part).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
            }
            expect(parts.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
          },
        ),
        { seed: 7, numRuns: 200 },
      );
    },
  );

  it('counts emoji as one character in codepoints and two units in utf16', () => {
    expect(splitAtBoundaries('👍'.repeat(10), 5, 'codepoints')).toEqual(['👍'.repeat(5), '👍'.repeat(5)]);
    expect(splitAtBoundaries('👍'.repeat(10), 10, 'utf16')).toEqual(['👍'.repeat(5), '👍'.repeat(5)]);
  });
});
