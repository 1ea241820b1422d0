/**
 * The grounding gate: deterministic checks a model's reply must pass before a citizen sees it.
 * Any failure sends the extractive reply instead, and the failed check is counted
 * (`gate:<check>` in the turn log). The model is never the source of a number: every figure
 * must be in a passage or fact the reply cites, or in the citizen's own message.
 */
import { containsIdentifier } from '../privacy/redact.js';
import { extractFigures, ungroundedFigures } from './figures.js';

export const GATE_CHECKS = [
  'status',
  'no_cite',
  'unknown_cite',
  'figure',
  'spelled_number',
  'link',
  'identifier',
  'length',
  'not_vietnamese',
] as const;
export type GateCheck = (typeof GATE_CHECKS)[number];

/** Longest reply text the gate lets through: one Zalo message. */
export const MAX_LLM_REPLY_CHARS = 2_000;

export interface ModelAnswer {
  readonly status: 'answer' | 'insufficient' | 'out_of_scope';
  readonly text: string;
  readonly cites: readonly string[];
}

export interface GateInput {
  readonly answer: ModelAnswer;
  /** Every block the model was given, by id (`P1`, `F1`), with the text the figures may come from. */
  readonly sources: ReadonlyMap<string, string>;
  /** The citizen's message (their own income, household size… may be repeated). */
  readonly question: string;
  readonly allow: GateAllowList;
}

export interface GateAllowList {
  /** Phone numbers the bot may show (the hotline), digits only. */
  readonly phones: readonly string[];
  /** Host names a link may point to (official sites), lower case; subdomains included. */
  readonly hosts: readonly string[];
}

export type GateResult =
  | { readonly ok: true; readonly cites: readonly string[] }
  | { readonly ok: false; readonly check: GateCheck; readonly detail: string };

const MARKER = /\[((?:P|F)\d{1,2})\]/g;
const URL =
  /\b(?:https?:\/\/|www\.)[^\s<>()]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org|gov|info|io)\b(?:\/[^\s<>()]*)?/gi;
const EMAIL = /[\p{L}\d._%+-]+@[\p{L}\d.-]+\.[a-z]{2,}/giu;
/** A run of 8 or more digits with the separators people write phone numbers with. */
const PHONE_LIKE = /(?<![\d])(?:\+?\d[\d .()-]{6,}\d)(?![\d])/g;
const SPELLED_PERCENT =
  /\b(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|lăm|mốt|tư|trăm|nghìn|ngàn)\s+phần\s+trăm\b/iu;
const VIETNAMESE_LETTERS = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/iu;

export function checkGrounding(input: GateInput): GateResult {
  const { answer } = input;
  if (answer.status !== 'answer') return fail('status', answer.status);
  const text = answer.text.normalize('NFC');
  if (text.length > MAX_LLM_REPLY_CHARS) return fail('length', String(text.length));

  // The cites the reply declares and the markers in its text must both name given blocks.
  const markers = [...text.matchAll(MARKER)].map((match) => (match[1] ?? '').toUpperCase());
  const cites = [...new Set([...answer.cites.map((cite) => cite.toUpperCase()), ...markers])];
  if (cites.length === 0 || markers.length === 0) return fail('no_cite', 'no [P…] or [F…] marker');
  const unknown = cites.find((cite) => !input.sources.has(cite));
  if (unknown) return fail('unknown_cite', unknown);

  if (containsIdentifier(text)) return fail('identifier', 'an identifier-shaped number');

  const cited = cites.map((cite) => input.sources.get(cite) ?? '');
  const links = linksOf(text);
  for (const link of links) {
    const verbatim = cited.some((source) => source.includes(link.written));
    if (!verbatim && !link.allowed(input.allow)) return fail('link', link.written);
  }
  // Links and allowed phone numbers are checked above; their digits are not figures.
  const withoutLinks = links.reduce((rest, link) => rest.split(link.written).join(' '), text);
  if (SPELLED_PERCENT.test(withoutLinks)) return fail('spelled_number', 'a percentage in words');
  const invented = ungroundedFigures(withoutLinks, cited, input.question);
  if (invented.length > 0) return fail('figure', invented.map((figure) => figure.written).join(', '));

  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 20 && !VIETNAMESE_LETTERS.test(letters))
    return fail('not_vietnamese', 'no diacritics');
  return { ok: true, cites };
}

interface Link {
  readonly written: string;
  allowed(allow: GateAllowList): boolean;
}

function linksOf(text: string): Link[] {
  const links: Link[] = [];
  for (const match of text.matchAll(EMAIL)) {
    links.push({ written: match[0], allowed: () => false });
  }
  const withoutEmails = text.replace(EMAIL, ' ');
  for (const match of withoutEmails.matchAll(URL)) {
    const written = match[0].replace(/[.,;:!?]+$/, '');
    links.push({ written, allowed: (allow) => hostAllowed(written, allow.hosts) });
  }
  for (const match of withoutEmails.replace(URL, ' ').matchAll(PHONE_LIKE)) {
    const written = match[0].trim();
    const digits = written.replace(/\D/g, '');
    // Amounts grouped in thousands ("1.500.000") and dates are figures, not phone numbers.
    if (
      digits.length < 8 ||
      /^\d{1,3}(?:[.,\s]\d{3})+$/.test(written) ||
      extractFigures(written).some(isDate)
    )
      continue;
    links.push({ written, allowed: (allow) => allow.phones.includes(digits) });
  }
  return links;
}

function isDate(figure: { kind: string }): boolean {
  return figure.kind === 'date' || figure.kind === 'month';
}

function hostAllowed(link: string, hosts: readonly string[]): boolean {
  const host = link
    .replace(/^https?:\/\//i, '')
    .replace(/^www\./i, '')
    .split(/[/?#:]/)[0]
    ?.toLowerCase();
  if (!host) return false;
  return hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

function fail(check: GateCheck, detail: string): GateResult {
  return { ok: false, check, detail };
}
