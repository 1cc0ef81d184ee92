// @ts-check
/**
 * `pnpm build` and `pnpm mock` with plain Node: `node scripts/bundled.mjs build|mock [args]` runs
 * `scripts/build.ts` or `scripts/mock.ts` from an esbuild bundle of the scripts
 * (`.payspec-build/tools-<key>/`, node_modules and @payspec/mock's sources left external), made
 * again whenever a file it was made from changes. `--prepare` only makes it.
 *
 * Why not tsx for `pnpm mock`: tsx relays a signal to its child and kills the child when it has not
 * answered within 30 ms, so on a busy machine Ctrl+C or SIGTERM ended the command with 130 or 143
 * instead of its own clean stop.
 *
 * Why not tsx: on Node 20, tsx resolves and loads every module (each file of TypeScript, Redocly,
 * Redoc...) through its hooks on a thread of their own, and each build worker registers tsx again,
 * with another such thread: loading the tools costs about twice the CPU it costs plain Node. The
 * tests run the sources in process, and this bundle where they need a process of its own (one to
 * kill); tests/pipeline/build-speed.test.ts checks that both write the same.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import ModuleClass, { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

const toolRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(toolRoot, '.payspec-build');
/** The scripts the bundle can run, and the build worker's entry (`build/worker-pool.ts` loads it beside them). */
const SCRIPTS = ['build', 'mock'];
const ENTRIES = [...SCRIPTS.map((name) => `scripts/${name}.ts`), 'scripts/build/build-worker.ts'];
/** What makes the bundle besides its sources: this file (the options), esbuild's version (the lockfile), the compiler options. (@payspec/mock's sources stay outside it.) */
const SETTINGS = ['scripts/bundled.mjs', 'pnpm-lock.yaml', 'tsconfig.json', 'tsconfig.base.json'];
/**
 * Packages bundled in rather than loaded from node_modules, each with what it imports:
 * - attw's core imports TypeScript as an ES module, and Node scans TypeScript's 9 MB CommonJS file
 *   for its exports first (0.6 s of a build); bundled, its `import ts from 'typescript'` is a
 *   require of the same TypeScript (see `required`);
 * - Redocly's core is some 250 ES modules (and their dependencies): Node loads them one by one in
 *   twice the time it takes to load them as one file.
 */
const INLINED = ['@arethetypeswrong/core', '@redocly/openapi-core'];
/** The sources the last bundle was made from, so that a run can tell whether it is current without esbuild. */
const INDEX = path.join(work, 'tools.json');
/** Bundles kept besides the current one (another checkout state), and those of the last hour whatever their number (a run may still load chunks of one). */
const KEEP = 3;
const RECENT_MS = 60 * 60_000;

/**
 * The bundle's key: the settings and the sources, each by name and content (`contents` as the
 * bundler read them; otherwise from disk). Undefined when a source is gone.
 * @param {string[]} sources relative to the tool root
 * @param {Map<string, Buffer>} [contents]
 */
function keyOf(sources, contents = new Map()) {
  const hash = createHash('sha256');
  for (const file of [...SETTINGS, ...[...sources].sort()]) {
    let data = contents.get(file);
    if (!data) {
      try {
        data = readFileSync(path.join(toolRoot, file));
      } catch {
        return undefined;
      }
    }
    hash.update(`${file}\0`).update(data).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The current bundle's folder, when there is one. */
function current() {
  try {
    const { sources } = /** @type {{ sources: string[] }} */ (JSON.parse(readFileSync(INDEX, 'utf8')));
    const key = keyOf(sources);
    const dir = key && path.join(work, `tools-${key}`);
    if (dir && ENTRIES.every((entry) => existsSync(path.join(dir, `${path.basename(entry, '.ts')}.js`)))) return dir;
  } catch {
    // no bundle yet
  }
  return undefined;
}

/** Bundles the scripts; returns the bundle's folder. */
async function make() {
  const { build } = await import('esbuild');
  /** @type {Map<string, Buffer>} */
  const contents = new Map();
  const temporary = path.join(work, `tools-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  await build({
    absWorkingDir: toolRoot,
    entryPoints: ENTRIES,
    outdir: temporary,
    // Flat, as `shared/paths.ts` (the tool root two folders up) and `build/worker-pool.ts` (the worker beside it) expect.
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    // Lazy imports stay lazy: each is a chunk loaded when the step that needs it runs.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Class and function names as in the sources (error names, stack traces).
    keepNames: true,
    tsconfig: path.join(toolRoot, 'tsconfig.json'),
    logLevel: 'error',
    // The CommonJS modules of an inlined package may require Node's own modules: `require` as in CommonJS.
    banner: { js: "import { createRequire as __payspecCreateRequire } from 'node:module';\nconst require = __payspecCreateRequire(import.meta.url);" },
    plugins: [
      {
        name: 'payspec',
        setup(build) {
          // @payspec/mock's sources are loaded from where they are: they find Prism's preload beside themselves.
          const mockSources = path.join(toolRoot, 'packages', 'mock', 'src') + path.sep;
          build.onResolve({ filter: /^\.\.?\// }, (args) => {
            const target = path.resolve(args.resolveDir, args.path);
            return target.startsWith(mockSources) ? { path: target, external: true } : undefined;
          });
          build.onResolve({ filter: /^[^./]/ }, (args) => {
            if (isBuiltin(args.path)) return { external: true };
            // TypeScript is required, never imported (see build/verify.ts): the same module as ours, and Node does not scan it.
            if (args.path === 'typescript') return { path: args.path, namespace: 'required' };
            // Packages stay in node_modules, loaded from there, but those of INLINED (and what they import).
            const inlined = args.importer.includes(`${path.sep}node_modules${path.sep}`) || INLINED.some((name) => args.path === name || args.path.startsWith(`${name}/`));
            return inlined ? undefined : { external: true };
          });
          build.onLoad({ filter: /.*/, namespace: 'required' }, (args) => ({
            contents: `import { createRequire } from 'node:module';\nexport default createRequire(import.meta.url)(${JSON.stringify(args.path)});\n`,
            loader: 'js',
          }));
          // Every source of the project as read for the bundle, for its key (node_modules: the lockfile's).
          build.onLoad({ filter: /\.(ts|mjs|js)$/ }, (args) => {
            if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
            const data = readFileSync(args.path);
            contents.set(path.relative(toolRoot, args.path).split(path.sep).join('/'), data);
            return { contents: data, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
          });
        },
      },
    ],
  });
  const sources = [...contents.keys()];
  const key = keyOf(sources, contents);
  if (!key) throw new Error('a file of scripts/bundled.mjs settings is missing');
  const dir = path.join(work, `tools-${key}`);
  try {
    renameSync(temporary, dir);
  } catch {
    // Another run made the same bundle meanwhile: either will do.
    rmSync(temporary, { recursive: true, force: true });
  }
  const index = `${INDEX}.${process.pid}.tmp`;
  writeFileSync(index, JSON.stringify({ sources }));
  renameSync(index, INDEX);
  const old = readdirSync(work)
    .filter((entry) => entry.startsWith('tools-') && path.join(work, entry) !== dir)
    .map((entry) => ({ entry, time: statSync(path.join(work, entry)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { entry, time } of old.slice(KEEP)) if (Date.now() - time > RECENT_MS) rmSync(path.join(work, entry), { recursive: true, force: true });
  return dir;
}

/**
 * V8's code cache for the tools' biggest file, TypeScript's 9 MB `typescript.js`: compiled from the
 * cache it loads in half the time (and the functions a build ran come compiled). The cache is
 * written when there is none that V8 accepts (a new TypeScript or Node), at the end of the run, so
 * that it holds what the build compiled. Node 22 caches every module itself (`enableCompileCache`).
 */
function cacheCompiles() {
  const Module = /** @type {typeof import('node:module').Module & { enableCompileCache?: (dir: string) => unknown; prototype: { _compile(content: string, filename: string): unknown } }} */ (ModuleClass);
  if (typeof Module.enableCompileCache === 'function') return void Module.enableCompileCache(path.join(work, 'compile-cache'));
  let file;
  try {
    file = createRequire(path.join(toolRoot, 'package.json')).resolve('typescript');
  } catch {
    return;
  }
  const { size, mtimeMs } = statSync(file);
  const cacheFile = path.join(work, `typescript.${createHash('sha256').update(`${file}\0${size}\0${mtimeMs}\0${process.version}`).digest('hex').slice(0, 16)}.code-cache`);
  /** @type {Buffer | undefined} */
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // made at the end of this run
  }
  const compile = Module.prototype._compile;
  /** @type {(this: unknown, content: string, filename: string) => unknown} */
  Module.prototype._compile = function (content, filename) {
    if (filename !== file) return compile.call(this, content, filename);
    Module.prototype._compile = compile;
    const script = new Script(Module.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected) {
      process.once('exit', () => {
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        try {
          writeFileSync(temporary, script.createCachedData());
          renameSync(temporary, cacheFile);
        } catch {
          // Only slower next time; the build's outcome stands.
          rmSync(temporary, { force: true });
        }
      });
    }
    const module = /** @type {{ exports: unknown }} */ (this);
    return script.runInThisContext().call(module.exports, module.exports, createRequire(filename), module, filename, path.dirname(filename));
  };
}

const [script] = process.argv.splice(2, 1);
if (script !== '--prepare' && !SCRIPTS.includes(script ?? '')) {
  console.error(`usage: node scripts/bundled.mjs <${SCRIPTS.join('|')}> [args] | --prepare`);
  process.exit(2);
}
mkdirSync(work, { recursive: true });
let dir = current();
if (!dir) {
  try {
    dir = await make();
  } catch (error) {
    console.error(`✖ cannot bundle scripts/: ${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
}
if (script === '--prepare') console.log(dir);
else {
  cacheCompiles();
  await import(pathToFileURL(path.join(dir, `${script}.js`)).href);
}
