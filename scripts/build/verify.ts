/**
 * Checks the staged packages before anything is installed: they compile (TypeScript's solution
 * builder, in process), and they are publishable (publint) with types that resolve (attw, ESM-only
 * profile). The stage mirrors the repository's layout, with the runtime copied in and its
 * dependencies linked, so the check compiles exactly what will be installed.
 */
import { cpSync, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, realpath, rename, rm, stat, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { checkPackage, Package } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import type TS from 'typescript';
import { BuildError } from '../shared/errors.js';
import { repoRoot, toolRoot } from '../shared/paths.js';

// Required, not imported: an ESM import of TypeScript's 9 MB CommonJS file scans it for its exports first (0.6 s).
const ts = createRequire(import.meta.url)('typescript') as typeof TS;

/**
 * Copies of the runtime are synchronous: fs/promises' `cp` takes twice the CPU per file (a promise
 * for each stat, copy and chmod), and these are some hundred small files, copied in milliseconds.
 */
const copy = (from: string, to: string) => cpSync(from, to, { recursive: true });

/** Copies what the staged packages build against: the runtime, the base tsconfig, and their dependencies. */
export async function prepareStage(stage: string): Promise<void> {
  const runtime = path.join(stage, 'packages', 'runtime');
  await mkdir(runtime, { recursive: true });
  for (const entry of ['package.json', 'tsconfig.build.json', 'README.md', 'src']) {
    copy(path.join(repoRoot(), 'packages', 'runtime', entry), path.join(runtime, entry));
  }
  copy(path.join(repoRoot(), 'tsconfig.base.json'), path.join(stage, 'tsconfig.base.json'));
  const modules = path.join(stage, 'node_modules');
  await mkdir(path.join(modules, '@payspec'), { recursive: true });
  await symlink(path.join('..', '..', 'packages', 'runtime'), path.join(modules, '@payspec', 'runtime'), 'dir');
  await symlink(await realpath(path.join(toolRoot, 'node_modules', 'openapi-fetch')), path.join(modules, 'openapi-fetch'), 'dir');
}

/** The compiler's build state of a staged package: beside it, outside `dist` and what is published. */
const BUILD_INFO = '.tsbuildinfo';

/**
 * Puts the compiled runtime into the stage: from the cache of an earlier compile of the same runtime
 * (`.payspec-build/runtime-<hash>` beside the tools, shared by every project they build: its `dist`
 * and its build state), or compiled and checked now, then cached. Copied after the sources, so
 * TypeScript sees the runtime project as up to date and builds only the packages.
 */
export async function stageRuntime(stage: string, hash: string): Promise<void> {
  const work = path.join(toolRoot, '.payspec-build');
  const cached = path.join(work, `runtime-${hash.slice(0, 16)}`);
  const runtime = path.join(stage, 'packages', 'runtime');
  if (existsSync(path.join(cached, 'dist')) && existsSync(path.join(cached, BUILD_INFO))) {
    copy(path.join(cached, 'dist'), path.join(runtime, 'dist'));
    copy(path.join(cached, BUILD_INFO), path.join(runtime, BUILD_INFO));
    return;
  }
  compileStage(stage, ['runtime']);
  await checkPublishable(stage, 'runtime');
  const temporary = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  copy(path.join(runtime, 'dist'), path.join(temporary, 'dist'));
  copy(path.join(runtime, BUILD_INFO), path.join(temporary, BUILD_INFO));
  // Another build may have cached the same runtime meanwhile: either copy will do.
  await rename(temporary, cached).catch(() => rm(temporary, { recursive: true, force: true }));
  // Keep the few most recent runtimes (tests build several), drop the rest.
  const entries = (await readdir(work)).filter((entry) => /^runtime-[0-9a-f]{16}$/.test(entry));
  const ages = await Promise.all(entries.map(async (entry) => ({ entry, time: (await stat(path.join(work, entry))).mtimeMs })));
  for (const { entry } of ages.sort((a, b) => b.time - a.time).slice(4)) await rm(path.join(work, entry), { recursive: true, force: true });
}

/**
 * JSDoc is parsed only where it can make a type error, as `tsc` (and so the packages' own `tsc -b`)
 * does: the same diagnostics and output, and the libraries' many doc comments are not parsed.
 */
const JSDOC_PARSING = ts.JSDocParsingMode.ParseForTypeErrors;

/**
 * Declaration files (TypeScript's libs, @types, the staged runtime's .d.ts) parsed once per process
 * and shared by every program, as a language service's document registry does: most of a package's
 * compile is parsing them, and each provider is compiled by its own program.
 */
const declarations = new Map<string, TS.SourceFile>();

/** The host, reading each declaration file through the shared cache. */
function sharingDeclarations<Host extends Pick<TS.CompilerHost, 'getSourceFile'>>(host: Host): Host {
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.endsWith('.d.ts')) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}\0${ts.sys.getModifiedTime?.(fileName)?.getTime() ?? 0}`;
    let file = declarations.get(key);
    if (!file) {
      file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (!file) return file;
      // Builder programs need a version per file; a plain program's host does not set one.
      const versioned = file as TS.SourceFile & { version?: string };
      versioned.version ??= ts.sys.createHash?.(file.text) ?? String(file.text.length);
      declarations.set(key, file);
    }
    return file;
  };
  return host;
}

const createProgramSharingDeclarations: TS.CreateProgram<TS.EmitAndSemanticDiagnosticsBuilderProgram> = (rootNames, options, host, oldProgram, configDiagnostics, references) =>
  ts.createEmitAndSemanticDiagnosticsBuilderProgram(rootNames, options, host && sharingDeclarations(host), oldProgram, configDiagnostics, references);

/**
 * Parses the declarations every package compile needs (TypeScript's libs, @types, the staged
 * runtime) ahead of time, while this thread would otherwise wait for the first provider.
 */
let warm = false;

export function warmUpDeclarations(stage: string): void {
  // Once per process: later compiles find the libraries parsed already.
  if (warm) return;
  warm = true;
  const config = ts.getParsedCommandLineOfConfigFile(path.join(stage, 'packages', 'runtime', 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) return;
  const options = { ...config.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  host.jsDocParsingMode = JSDOC_PARSING;
  const program = ts.createProgram({ rootNames: [path.join(stage, 'packages', 'runtime', 'dist', 'index.d.ts')], options, host: sharingDeclarations(host) });
  // Binds them too: a declaration file is bound once, by the first checker that needs it.
  program.getTypeChecker();
}

/**
 * Compiles projects of the stage (`runtime` first, then each package against it); throws with tsc's
 * diagnostics. Nothing is emitted for a project with errors (`noEmitOnError` in tsconfig.base.json).
 */
export function compileStage(stage: string, packages: string[]): void {
  const diagnostics: string[] = [];
  const format: TS.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => stage, getNewLine: () => '\n' };
  const host = ts.createSolutionBuilderHost(ts.sys, createProgramSharingDeclarations, (d) => diagnostics.push(ts.formatDiagnostic(d, format)));
  host.jsDocParsingMode = JSDOC_PARSING;
  const projects = packages.map((name) => path.join(stage, 'packages', name, 'tsconfig.build.json'));
  const status = ts.createSolutionBuilder(host, projects, { verbose: false }).build();
  if (status !== ts.ExitStatus.Success) {
    const first = /^(\S+?)\((\d+),(\d+)\)/m.exec(diagnostics.join(''));
    const file = first ? path.relative(stage, path.resolve(stage, first[1]!)).split(path.sep).join('/') : undefined;
    throw new BuildError('the packages do not compile', file, first ? { line: Number(first[2]), column: Number(first[3]) } : undefined, diagnostics.join('').trim());
  }
}

/** The files `npm pack` would publish: package.json, README and LICENSE, and what `files` lists. */
export async function packedFiles(dir: string): Promise<{ name: string; data: Uint8Array }[]> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { files?: string[] };
  const names = new Set(['package.json']);
  for (const entry of await readdir(dir)) if (/^(readme|license|licence)(\..*)?$/i.test(entry)) names.add(entry);
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true }).catch(() => undefined);
    if (!entries) return void names.add(relative);
    for (const entry of entries) {
      if (entry.name === 'node_modules') continue;
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) await walk(child);
      else names.add(child);
    }
  };
  for (const entry of manifest.files ?? []) await walk(path.normalize(entry));
  const files = [];
  for (const name of names) {
    const data = await readFile(path.join(dir, name)).catch(() => undefined);
    if (data) files.push({ name: path.join(dir, name), data: new Uint8Array(data) });
  }
  return files;
}

/** attw's "esm-only" profile: CommonJS consumers use import(), so these resolutions are not checked. */
const ESM_ONLY_IGNORED = ['node10', 'node16-cjs'];

/** publint (strict) and attw on one staged package; throws naming the package. */
export async function checkPublishable(stage: string, name: string): Promise<void> {
  const dir = path.join(stage, 'packages', name);
  const files = await packedFiles(dir);
  const where = `packages/${name}/package.json`;
  const { messages, pkg } = await publint({ pkgDir: dir, strict: true, pack: { files } });
  const errors = messages.filter((message) => message.type === 'error');
  if (errors.length) {
    const detail = errors.map((message, i) => `${i + 1}. ${formatMessage(message, pkg, { color: false })}`).join('\n');
    throw new BuildError(`packages/${name} fails publint`, where, undefined, detail);
  }
  const manifest = pkg as { name: string; version: string };
  const tree: Record<string, Uint8Array> = {};
  for (const file of files) tree[`/node_modules/${manifest.name}/${path.relative(dir, file.name).split(path.sep).join('/')}`] = file.data;
  // Types are checked where there is code: data the package exports (its spec) has none.
  const analysis = await checkPackage(new Package(tree, manifest.name, manifest.version), { excludeEntrypoints: [/\.(ya?ml|json)$/] });
  const problems = analysis.types ? analysis.problems.filter((p) => !('resolutionKind' in p) || !ESM_ONLY_IGNORED.includes(p.resolutionKind as string)) : [];
  if (problems.length) {
    const detail = problems.map((p) => `- ${p.kind}${'entrypoint' in p ? ` (${String(p.entrypoint)})` : ''}${'resolutionKind' in p ? ` with ${String(p.resolutionKind)} resolution` : ''}`).join('\n');
    throw new BuildError(`packages/${name} fails arethetypeswrong`, where, undefined, detail);
  }
}
