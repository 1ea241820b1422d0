/**
 * Prompts are files (prompts/*.vi.md) with an `id@version` first line; the version of every
 * call goes into the conversation log. Untrusted text (the citizen's message, history,
 * passages) only ever enters a prompt inside a data block whose tags carry a random nonce
 * fresh for each request, after control, zero-width and BiDi characters are stripped and the
 * identifier redactor has run, so neither a citizen nor a document can close the block or
 * pass an identifier to the model.
 */
import { redactIdentifiers, redactIdentifiersAndDates } from '../privacy/redact.js';

export interface PromptTemplate {
  /** `answer.system@1`. */
  readonly version: string;
  readonly body: string;
}

/** Parses a prompt file: first line `id@version`, then the template. */
export function parsePromptFile(text: string, name: string): PromptTemplate {
  const [first = '', ...rest] = text.replace(/\r\n/g, '\n').split('\n');
  const version = first.trim();
  if (!/^[a-z][a-z0-9.-]*@\d+$/.test(version)) {
    throw new Error(`prompt ${name}: the first line must be "id@version", got "${version.slice(0, 40)}"`);
  }
  return { version, body: rest.join('\n').trim() };
}

/** Fills `{{name}}` placeholders; a placeholder without a value is a bug, not an empty string. */
export function renderTemplate(template: PromptTemplate, values: Readonly<Record<string, string>>): string {
  return template.body.replace(/\{\{(\w+)\}\}/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt ${template.version}: no value for {{${name}}}`);
    return value;
  });
}

/**
 * Control characters (but newline and tab) and format characters: zero-width characters, BiDi
 * overrides and isolates, the BOM, soft hyphens and the Unicode tag block — invisible text an
 * attacker can hide instructions in.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

export function stripInvisible(text: string): string {
  return text.normalize('NFC').replace(INVISIBLE, (char) => (char === '\n' || char === '\t' ? char : ''));
}

/**
 * What may leave for the model: invisible characters stripped, identifiers replaced by typed
 * placeholders, block tags defused, length capped. A citizen's text also loses every date (a
 * date of birth can come in any message); a passage keeps its legal dates.
 */
export function sanitizeForPrompt(text: string, maxChars: number, kind: 'citizen' | 'passage'): string {
  const redact = kind === 'citizen' ? redactIdentifiersAndDates : redactIdentifiers;
  const clean = redact(stripInvisible(text))
    // Nothing inside a block can look like a block tag, whatever its nonce.
    .replace(/<<\/?/g, '‹‹')
    .replace(/>>/g, '››');
  return clean.length <= maxChars
    ? clean
    : `${clean.slice(0, clean.lastIndexOf(' ', maxChars) || maxChars)} …`;
}

/** One data block: `<<P1 nonce>> … <</P1 nonce>>`. */
export function dataBlock(id: string, nonce: string, body: string, header?: string): string {
  return [`<<${id} ${nonce}>>`, ...(header ? [header] : []), body, `<</${id} ${nonce}>>`].join('\n');
}
