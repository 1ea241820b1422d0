import { describe, expect, it } from 'vitest';
import { parseJsonKeepingLongIntegers } from '../../../../functions/adapters/zalo/json.js';

describe('parseJsonKeepingLongIntegers', () => {
  it('keeps ids beyond 2^53 digit for digit', () => {
    const parsed = parseJsonKeepingLongIntegers(
      '{"data":{"message_id":7300442764876318465,"n":42,"f":-1.5e3}}',
    ) as {
      data: { message_id: unknown; n: unknown; f: unknown };
    };
    expect(parsed.data.message_id).toBe('7300442764876318465');
    expect(parsed.data.n).toBe(42);
    expect(parsed.data.f).toBe(-1500);
  });

  it('leaves digits inside strings, escaped quotes included, alone', () => {
    const text = JSON.stringify({ text: 'mã "1234567890123456789" và số 12345678901234567890', id: 'x' });
    expect(parseJsonKeepingLongIntegers(text)).toEqual(JSON.parse(text));
  });

  it('still rejects malformed JSON', () => {
    expect(() => parseJsonKeepingLongIntegers('{"a":')).toThrow();
  });
});
