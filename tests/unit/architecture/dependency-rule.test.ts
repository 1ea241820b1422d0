/**
 * The dependency rule of functions/, enforced on every import (static and dynamic):
 *
 *   core ← app ← adapters ← composition        shared: platform helpers (config, logger, hash)
 *
 * - core: the domain, pure; imports only core (and the data/ files it is built from).
 * - shared: imports shared and core.
 * - app: use cases and the ports they own; imports app, core, shared.
 * - adapters: implementations of the ports; imports adapters, app, core, shared.
 * - composition: wiring, one file per entry point; imports anything, and nothing imports it.
 *
 * Libraries that talk to the outside world (AWS SDK, Telegram, HTTP frameworks, JWT) are for
 * adapters and composition only. docs/DESIGN.md ("Module map") explains the layers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FUNCTIONS = join(ROOT, 'functions');
const LAYERS = ['core', 'shared', 'app', 'adapters', 'composition'] as const;
type Layer = (typeof LAYERS)[number];

const ALLOWED: Record<Layer, readonly Layer[]> = {
  core: ['core'],
  shared: ['shared', 'core'],
  app: ['app', 'core', 'shared'],
  adapters: ['adapters', 'app', 'core', 'shared'],
  composition: ['composition', 'adapters', 'app', 'core', 'shared'],
};

/** Packages that reach the outside world: never imported by core, shared or app. */
const IO_PACKAGES = [/^@aws-sdk\//, /^telegraf/, /^hono/, /^aws-jwt-verify/, /^minisearch$/, /^openai$/];
/** What core may import from npm: schemas, and the document parsers (bytes in, text out). */
const CORE_PACKAGES = new Set(['zod', 'mammoth', 'unpdf']);

interface ImportEdge {
  readonly file: string;
  readonly specifier: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => join(dir, name));
}

function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8');
  const edges: ImportEdge[] = [];
  const pattern =
    /(?:^|[^\w.])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const match of text.matchAll(pattern)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier) edges.push({ file, specifier });
  }
  return edges;
}

function layerOf(path: string): Layer | 'outside' {
  const rel = relative(FUNCTIONS, path);
  if (rel.startsWith('..')) return 'outside';
  const first = rel.split(/[\\/]/)[0] as Layer;
  if (!LAYERS.includes(first)) throw new Error(`${rel}: not in a known layer (${LAYERS.join(', ')})`);
  return first;
}

const edges = sourceFiles(FUNCTIONS).flatMap(importsOf);

describe('dependency rule of functions/', () => {
  it('finds the project imports (the scanner works)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges.some((edge) => edge.specifier.includes('../core/'))).toBe(true);
  });

  it('every folder under functions/ is a known layer', () => {
    const folders = readdirSync(FUNCTIONS, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual([...LAYERS].sort());
  });

  it('no import crosses a layer against the rule', () => {
    const violations: string[] = [];
    for (const { file, specifier } of edges) {
      if (!specifier.startsWith('.')) continue;
      const from = layerOf(file);
      const target = resolve(dirname(file), specifier);
      const to = layerOf(target);
      if (from === 'outside') continue;
      if (to === 'outside') {
        // Only data files and the package manifest live outside functions/.
        const rel = relative(ROOT, target);
        if (!rel.startsWith('data/') && rel !== 'package.json')
          violations.push(`${relative(ROOT, file)} → ${rel}`);
        continue;
      }
      if (!ALLOWED[from].includes(to))
        violations.push(`${relative(ROOT, file)} (${from}) → ${specifier} (${to})`);
    }
    expect(violations).toEqual([]);
  });

  it('core, shared and app import no library that reaches the outside world', () => {
    const violations: string[] = [];
    for (const { file, specifier } of edges) {
      if (specifier.startsWith('.')) continue;
      const layer = layerOf(file);
      if (layer === 'core' && !specifier.startsWith('node:') && !CORE_PACKAGES.has(specifier)) {
        violations.push(`${relative(ROOT, file)} → ${specifier}`);
      }
      if (layer === 'core' && specifier.startsWith('node:'))
        violations.push(`${relative(ROOT, file)} → ${specifier}`);
      if (
        (layer === 'core' || layer === 'shared' || layer === 'app') &&
        IO_PACKAGES.some((p) => p.test(specifier))
      ) {
        violations.push(`${relative(ROOT, file)} → ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the rule catches a violation (checked on a made-up edge)', () => {
    const fake = join(FUNCTIONS, 'app', 'example.ts');
    const target = resolve(dirname(fake), '../adapters/dynamodb/client.js');
    expect(ALLOWED[layerOf(fake) as Layer].includes(layerOf(target) as Layer)).toBe(false);
  });
});
