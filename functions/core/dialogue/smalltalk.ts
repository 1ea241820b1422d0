/**
 * Greetings, thanks, "ok" and goodbyes typed as a whole message ("chào ad", "cam on ban nhieu",
 * "dạ vâng", "bye"). Citizens on Zalo open and close conversations this way; without this the
 * knowledge engine found nothing and answered "tôi chưa có thông tin", which reads as rude.
 *
 * Only a message made *entirely* of these phrases and of polite fillers ("ạ", "nhé", "ad",
 * "bạn", "nhiều") counts, so "chào bạn, mức đóng bhxh tn bn" is still a question.
 */

export type SmallTalkKind = 'greeting' | 'thanks' | 'ack' | 'bye';

/** Folded phrases (no accents, lower case) by kind. */
const PHRASES: Readonly<Record<SmallTalkKind, readonly string[]>> = {
  greeting: [
    'xin chao',
    'chao',
    'hello',
    'helo',
    'hellu',
    'hi',
    'hey',
    'alo',
    'a lo',
    'good morning',
    'chao buoi sang',
    'chao buoi chieu',
    'chao buoi toi',
  ],
  thanks: ['cam on', 'thank you', 'thanks', 'thank', 'tks', 'thx'],
  ack: [
    'ok',
    'oke',
    'okay',
    'okie',
    'oki',
    'uh',
    'um',
    'u',
    'da',
    'vang',
    'duoc roi',
    'hieu roi',
    'biet roi',
    'ro roi',
    'the a',
    'vay a',
    'tot qua',
    'hay qua',
  ],
  // "bb", "pp" (bye bye), "em out đây", "mình đi đây": leaving the chat.
  bye: [
    'tam biet',
    'bye',
    'bye bye',
    'bai',
    'bai bai',
    'bb',
    'pp',
    'goodbye',
    'chao tam biet',
    'out',
    'out day',
    'off day',
    'di day',
    've day',
  ],
};

/**
 * Words that carry no request of their own in these messages: forms of address, particles,
 * intensifiers, and "cho … hỏi chút" (asking permission to ask).
 */
const FILLERS: readonly string[] = [
  'a',
  'ah',
  'a ha',
  'nhe',
  'nha',
  'nhen',
  'ne',
  'nhieu',
  'lam',
  'rat',
  'oi',
  'ad',
  'admin',
  'bot',
  'shop',
  'ban',
  'em',
  'anh',
  'chi',
  'co',
  'chu',
  'bac',
  'ong',
  'ba',
  'minh',
  'toi',
  'tui',
  'to',
  'moi nguoi',
  'ca nha',
  'roi',
  // "thôi em đi đây": winding up, not asking.
  'thoi',
  // "cho (chị) hỏi chút/tí/với": permission to ask, the question comes next.
  'cho',
  'hoi',
  'chut',
  'ti',
  'xiu',
  'voi',
  'so much',
  'very much',
  'you',
];

/** Priority when a message mixes kinds: "ok cảm ơn" is thanks, "chào, tạm biệt" is bye. */
const PRIORITY: readonly SmallTalkKind[] = ['thanks', 'bye', 'greeting', 'ack'];

interface Phrase {
  readonly words: readonly string[];
  readonly kind: SmallTalkKind | 'filler';
}

// Longest first, so "xin chao" wins over "chao" and "thank you" over "thank".
const LEXICON: readonly Phrase[] = [
  ...Object.entries(PHRASES).flatMap(([kind, phrases]) =>
    phrases.map((phrase) => ({ words: phrase.split(' '), kind: kind as SmallTalkKind })),
  ),
  ...FILLERS.map((phrase) => ({ words: phrase.split(' '), kind: 'filler' as const })),
].sort((a, b) => b.words.length - a.words.length);

/** Longest message (in words) still read as small talk; longer ones are questions. */
const MAX_WORDS = 10;

/** The kind of small talk a folded message is, or undefined when it asks something. */
export function detectSmallTalk(folded: string): SmallTalkKind | undefined {
  const words = folded
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    // "okkk", "caam onnn": a letter typed several times for emphasis.
    .map((word) => word.replace(/(.)\1{2,}/g, '$1'));
  if (words.length === 0 || words.length > MAX_WORDS) return undefined;
  const found = new Set<SmallTalkKind>();
  let position = 0;
  while (position < words.length) {
    const phrase = LEXICON.find((candidate) =>
      candidate.words.every((word, offset) => words[position + offset] === word),
    );
    if (!phrase) return undefined;
    if (phrase.kind !== 'filler') found.add(phrase.kind);
    position += phrase.words.length;
  }
  return PRIORITY.find((kind) => found.has(kind));
}
