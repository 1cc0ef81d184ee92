/**
 * The two files every docs page loads from beside it, instead of 2.5 MB of script and styles
 * inlined in each page:
 * - `redoc-<version>.js`: Redoc's standalone bundle. Redoc ships it as an ES module, which a page
 *   opened from `file://` cannot load (module scripts need CORS, and `file://` has none), so it is
 *   re-emitted as a classic script defining `window.Redoc`. The only request the bundle makes on
 *   its own, the footer logo from cdn.redoc.ly, is pointed at an inline image so pages stay offline.
 * - `redoc-<version>.css`: the styles Redoc's components render with, taken from the render of a
 *   small probe definition. A page inlines only the rules its own render adds to these.
 * Both are made once per Redoc version and tool set and kept under `.payspec-build/`, so a build
 * that changes nothing loads neither esbuild nor Redoc.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { GENERATED, headers } from '../shared/header.js';
import { toolRoot } from '../shared/paths.js';

const require = createRequire(import.meta.url);
const bundlePath = require.resolve('redoc/bundles/redoc.standalone.js');
const version = (require('redoc/package.json') as { version: string }).version;

/** The files' names, as the pages refer to them: versioned, so a cached copy never serves another Redoc. */
export const REDOC_SCRIPT = `redoc-${version}.js`;
export const REDOC_STYLES = `redoc-${version}.css`;

// Bumped when what is made below changes, so cached copies are made again.
const ASSETS_VERSION = 1;

// A small stand-in for Redocly's logo (an <img> added after hydration), so attribution stays.
const logo = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="20" viewBox="0 0 96 20"><text x="0" y="15" font-family="sans-serif" font-size="14" fill="#0044D4">Redocly</text></svg>',
)}`;
const LOGOS = ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', 'https://cdn.redoc.ly/redoc/logo-mini.svg'];

// Exercises the components a payspec page shows: info with sections, a tag, security, an
// operation with parameters, a body with an enum, an array and an anyOf, responses with headers,
// code samples.
const PROBE = {
  openapi: '3.1.0',
  info: { title: 'Probe', version: '1', description: 'Intro.\n\n## A section\nText with `code` and a [link](https://example.com).' },
  servers: [{ url: 'https://example.com' }],
  tags: [{ name: 'Things', description: 'Tag text.' }],
  components: { securitySchemes: { basic: { type: 'http', scheme: 'basic', description: 'Basic.' } } },
  security: [{ basic: [] }],
  paths: {
    '/things/{id}': {
      post: {
        tags: ['Things'],
        operationId: 'postThing',
        summary: 'Post a thing',
        description: 'Text.',
        'x-codeSamples': [{ lang: 'Shell', label: 'curl', source: 'curl https://example.com' }],
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^t_' }, example: 't_1' },
          { name: 'q', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 9, default: 2 } },
          { name: 'X-Key', in: 'header', schema: { type: 'string' } },
        ],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  a: { type: 'string', enum: ['x', 'y'], description: 'A.' },
                  b: { type: 'array', items: { type: 'object', properties: { c: { type: ['string', 'null'], format: 'date-time' } } } },
                },
                anyOf: [{ required: ['a'] }, { required: ['b'] }],
                additionalProperties: false,
              },
              example: { a: 'x' },
            },
          },
        },
        responses: {
          '200': {
            description: 'OK.',
            headers: { 'X-Id': { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } }, example: { id: 't_1' } } },
          },
          '404': { description: 'Missing.' },
        },
      },
    },
  },
};

/** Thrown when a new Redoc bundle no longer looks the way the transformation expects. */
export class RedocAssetsError extends Error {
  override name = 'RedocAssetsError';
}

async function makeScript(source: string): Promise<string> {
  const { transform } = await import('esbuild');
  // format iife: the exports become properties of the global `Redoc`; import.meta (used only on a
  // Node worker path of flexsearch, never taken in a browser) becomes an empty object.
  const { code } = await transform(source, { format: 'iife', globalName: 'Redoc', minify: true, target: 'es2020', logLevel: 'silent', charset: 'utf8' });
  let out = code;
  for (const url of LOGOS) {
    if (!out.includes(url)) throw new RedocAssetsError(`redoc ${version}: the logo URL ${url} is gone; review scripts/docs/redoc-assets.ts`);
    out = out.split(url).join(logo);
  }
  const remote = /https:\/\/cdn\.redoc\.ly\/[^"'`\s]*/.exec(out);
  if (remote) throw new RedocAssetsError(`redoc ${version}: the bundle still refers to ${remote[0]}; review scripts/docs/redoc-assets.ts`);
  const license = /^\/\*\*[\s\S]*?\*\*\/\n?/.exec(source)?.[0] ?? '';
  return `${headers.ts}${license}${out}`;
}

async function makeStyles(): Promise<string> {
  const { renderRedoc } = await import('./redoc-render.js');
  return headers.css + (await renderRedoc(PROBE)).rules.join('');
}

async function cached(name: string, make: () => Promise<string>): Promise<string> {
  const [bundle, lockfile] = await Promise.all([readFile(bundlePath), readFile(path.join(toolRoot, 'pnpm-lock.yaml'))]);
  const key = createHash('sha256').update(`${ASSETS_VERSION}\0${GENERATED}\0${JSON.stringify(PROBE)}\0`).update(bundle).update(lockfile).digest('hex').slice(0, 16);
  const file = path.join(toolRoot, '.payspec-build', `${name}.${key}`);
  try {
    return await readFile(file, 'utf8');
  } catch {
    const content = await make();
    await mkdir(path.dirname(file), { recursive: true });
    // Workers may make the same file at once: each writes its own temporary file, then renames.
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temporary, content);
    await rename(temporary, file);
    return content;
  }
}

export function redocScript(): Promise<string> {
  return cached(REDOC_SCRIPT, async () => makeScript(await readFile(bundlePath, 'utf8')));
}

export function redocStyles(): Promise<string> {
  return cached(REDOC_STYLES, makeStyles);
}

/** The rules of the shared style sheet, for a page to leave out of its own. */
export async function sharedRules(): Promise<Set<string>> {
  const css = (await redocStyles()).slice(headers.css.length);
  return new Set(css.split(/(?<=\/\*!sc\*\/\n)/));
}
