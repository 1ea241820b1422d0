/**
 * Every JSON file under data/ has a zod schema, registered here next to the place that loads
 * it, and passes it: a new data file must come with its schema, and a bad edit fails here with
 * the field that is wrong. (Each loader also parses its file, so the running bot never reads
 * an unchecked one.)
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { benefitLevelsFileSchema } from '../../../functions/core/cards/benefit.js';
import { contactFileSchema } from '../../../functions/core/dialogue/replies.js';
import { routingExamplesFileSchema } from '../../../functions/core/dialogue/router.js';
import { knowledgeSettingsFileSchema } from '../../../functions/core/knowledge/answer.js';
import { faqFileSchema } from '../../../functions/core/knowledge/faq.js';
import { sidecarMetaSchema } from '../../../functions/core/knowledge/types.js';
import { priceTableSchema } from '../../../functions/core/llm/prices.js';
import { scheduleFileSchema } from '../../../functions/core/policy/schedule.js';
import { POLICY_ENTRY_SCHEMAS } from '../../../functions/core/policy/schedules.js';
import { abbreviationsFileSchema, stopwordsFileSchema } from '../../../functions/core/text/analyze.js';
import { shorthandFileSchema, syllablesFileSchema } from '../../../functions/core/text/normalize.js';
import { collisionsFileSchema } from '../../support/collisions.js';

const DATA_DIR = fileURLToPath(new URL('../../../data/', import.meta.url));

/** Path under data/ (with "/") or a pattern for a family of files → the schema it must pass. */
const SCHEMAS: ReadonlyArray<readonly [string | RegExp, z.ZodType]> = [
  ...Object.entries(POLICY_ENTRY_SCHEMAS).map(
    ([name, entry]) => [`policy/${name}.json`, scheduleFileSchema(name, entry)] as const,
  ),
  ['cards/benefit-levels.json', benefitLevelsFileSchema],
  ['contact.json', contactFileSchema],
  ['routing/examples.json', routingExamplesFileSchema],
  ['knowledge/faq.json', faqFileSchema],
  ['knowledge/settings.json', knowledgeSettingsFileSchema],
  ['llm-prices.json', priceTableSchema],
  [/^knowledge\/.+\.meta\.json$/, sidecarMetaSchema],
  ['text/abbreviations.json', abbreviationsFileSchema],
  ['text/stopwords.json', stopwordsFileSchema],
  ['text/shorthand.json', shorthandFileSchema],
  ['text/syllables.json', syllablesFileSchema],
  ['text/collisions.json', collisionsFileSchema],
];

function schemasFor(file: string): z.ZodType[] {
  return SCHEMAS.filter(([pattern]) =>
    typeof pattern === 'string' ? pattern === file : pattern.test(file),
  ).map(([, schema]) => schema);
}

const files = (await readdir(DATA_DIR, { recursive: true }))
  .filter((entry) => entry.endsWith('.json'))
  .map((entry) => relative(DATA_DIR, join(DATA_DIR, entry)).split(sep).join('/'))
  .sort();

describe('data files', () => {
  it('finds the JSON files under data/', () => {
    expect(files).toContain('contact.json');
    expect(files.length).toBeGreaterThanOrEqual(SCHEMAS.length);
  });

  it('has exactly one schema registered for every JSON file', () => {
    const unregistered = files.filter((file) => schemasFor(file).length !== 1);
    expect(unregistered, 'register a zod schema for each in tests/unit/data/data-files.test.ts').toEqual([]);
  });

  it('has a file for every registered schema', () => {
    const stale = SCHEMAS.filter(([pattern]) =>
      files.every((file) => (typeof pattern === 'string' ? pattern !== file : !pattern.test(file))),
    ).map(([pattern]) => String(pattern));
    expect(stale).toEqual([]);
  });

  it.each(files)('%s passes its schema', async (file) => {
    const [schema] = schemasFor(file);
    if (!schema) throw new Error(`no schema registered for data/${file}`);
    const parsed = schema.safeParse(JSON.parse(await readFile(join(DATA_DIR, file), 'utf8')));
    expect(parsed.success ? 'valid' : z.prettifyError(parsed.error)).toBe('valid');
  });
});
