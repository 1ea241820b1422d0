/**
 * `npm run build:web`: the staff console (web/src, Preact + TSX) bundled into web/dist/ with
 * esbuild's JS API: `index.html`, `app-<hash>.js`, `app-<hash>.css`, the icons Pico inlines
 * as `data:` URIs (moved into files so the page runs under `default-src 'self'`), the favicon
 * and the server status page. Content-hashed names, so only index.html needs revalidating.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const WEB = resolve(fileURLToPath(new URL('../web/', import.meta.url)));

export interface WebBuild {
  readonly outDir: string;
  /** File name (in outDir) → bytes written. */
  readonly files: Readonly<Record<string, number>>;
  readonly js: string;
  readonly css: string;
}

const shortHash = (content: string | Uint8Array) =>
  createHash('sha256').update(content).digest('hex').slice(0, 10);

/** Pico's `url("data:image/svg+xml,…")` icons become files under icons/ referenced relatively. */
export function extractDataUris(css: string): { css: string; icons: Map<string, string> } {
  const icons = new Map<string, string>();
  const rewritten = css.replace(/url\("data:image\/svg\+xml,([^"]*)"\)/g, (_match, encoded: string) => {
    const svg = decodeURIComponent(encoded);
    const name = `icons/${shortHash(svg)}.svg`;
    icons.set(name, svg);
    return `url("${name}")`;
  });
  if (/url\(["']?data:/.test(rewritten)) throw new Error('a data: URI is left in the CSS');
  return { css: rewritten, icons };
}

/** One TSX entry bundled and minified as an ES module (the console, or a test page). */
export async function bundleScript(entry: string): Promise<string> {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(WEB, 'tsconfig.json'),
    legalComments: 'none',
    // Vietnamese strings as UTF-8, not \u escapes; served with charset=utf-8.
    charset: 'utf8',
    write: false,
    outdir: join(WEB, 'dist'),
    logLevel: 'silent',
  });
  const js = bundle.outputFiles.find((file) => file.path.endsWith('.js'))?.text;
  if (js === undefined) throw new Error(`esbuild produced no JavaScript for ${entry}`);
  return js;
}

export async function buildWeb(options: { outDir?: string } = {}): Promise<WebBuild> {
  const outDir = resolve(options.outDir ?? join(WEB, 'dist'));
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'icons'), { recursive: true });

  const jsText = await bundleScript(join(WEB, 'src/main.tsx'));

  const pico = await readFile(join(WEB, 'vendor/pico.min.css'), 'utf8');
  const own = await readFile(join(WEB, 'src/app.css'), 'utf8');
  // uPlot positions its layers with its own stylesheet (the analyst charts).
  const uplotCss = await readFile(fileURLToPath(import.meta.resolve('uplot/dist/uPlot.min.css')), 'utf8');
  const { css: picoCss, icons } = extractDataUris(pico);
  const licence = '/*! Pico CSS v2.1.1 | MIT License | https://picocss.com */\n';
  const cssText =
    licence +
    (
      await transform(`${picoCss.replace(/^@charset "UTF-8";/, '')}\n${uplotCss}\n${own}`, {
        loader: 'css',
        minify: true,
        charset: 'utf8',
        legalComments: 'none',
      })
    ).code;

  const js = `app-${shortHash(jsText)}.js`;
  const css = `app-${shortHash(cssText)}.css`;
  const template = await readFile(join(WEB, 'src/index.html'), 'utf8');
  const html = template.replace('%APP_CSS%', `/${css}`).replace('%APP_JS%', `/${js}`);
  if (html.includes('%APP_')) throw new Error('web/src/index.html: placeholder left unreplaced');

  const files: Record<string, number> = {};
  const write = async (name: string, content: string) => {
    await writeFile(join(outDir, name), content);
    files[name] = Buffer.byteLength(content);
  };
  await write('index.html', html);
  await write(js, jsText);
  await write(css, cssText);
  for (const [name, svg] of icons) await write(name, svg);
  await copyFile(join(WEB, 'src/favicon.svg'), join(outDir, 'favicon.svg'));
  await copyFile(join(WEB, 'status.html'), join(outDir, 'status.html'));
  return { outDir, files, js, css };
}

async function main(): Promise<void> {
  const { gzipSync } = await import('node:zlib');
  const started = Date.now();
  const result = await buildWeb();
  for (const name of [result.js, result.css]) {
    const content = await readFile(join(result.outDir, name));
    const gz = gzipSync(content, { level: 9 }).length;
    console.log(`${name}: ${(content.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzip`);
  }
  console.log(`web/dist built in ${Date.now() - started} ms`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 1;
  });
}
