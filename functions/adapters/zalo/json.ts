/**
 * JSON.parse that keeps long integers as strings. Zalo ids (user, message, OA) can exceed
 * 2^53; the webhook sends them as strings, but API responses have been seen with bare
 * numbers (zalo-sdk 2.0.4 switched to json-bigint for this). Integers of 16 or more digits
 * outside string literals are quoted before parsing, so they survive digit for digit.
 * A tiny scanner instead of a dependency: it only has to know where strings are.
 */
const LONG_INTEGER_DIGITS = 16;

export function parseJsonKeepingLongIntegers(text: string): unknown {
  let out = '';
  let index = 0;
  let copiedUpTo = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') {
      index += 1;
      while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
      index += 1;
      continue;
    }
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      let end = index + 1;
      while (end < text.length && /[0-9.eE+-]/.test(text[end] ?? '')) end += 1;
      const token = text.slice(index, end);
      if (/^-?\d+$/.test(token) && token.replace('-', '').length >= LONG_INTEGER_DIGITS) {
        out += `${text.slice(copiedUpTo, index)}"${token}"`;
        copiedUpTo = end;
      }
      index = end;
      continue;
    }
    index += 1;
  }
  return JSON.parse(copiedUpTo === 0 ? text : out + text.slice(copiedUpTo));
}
