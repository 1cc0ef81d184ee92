/**
 * The pipeline attacked through its inputs, on scratch copies of the project: hostile strings in a
 * spec or an overlay, invalid names, patterns and versions, broken references, a package that does
 * not compile or publish, a build killed half-way, two builds at once. Every bad input fails with
 * the file and the line and leaves `generated/` and `packages/` byte-identical.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildInProcess, runBuild, scratchProject, startBuild, treeHash } from '../helpers/build.js';
import { awaitGone } from '../helpers/processes.js';

// Removed at the end: the failure cases run concurrently, each in its own copy.
const scratches: ReturnType<typeof scratchProject>[] = [];
afterAll(() => {
  for (const scratch of scratches.splice(0)) scratch.remove();
});

function scratch(providers = ['stancer']) {
  const project = scratchProject(providers);
  scratches.push(project);
  return project;
}

/** The line of the first occurrence of `needle` in a file of the scratch project (1-based). */
function lineOf(root: string, file: string, needle: string): number {
  const index = readFileSync(path.join(root, file), 'utf8').split('\n').findIndex((line) => line.includes(needle));
  expect(index, `${needle} in ${file}`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

interface BadInput {
  name: string;
  providers?: string[];
  edits: [file: string, change: (text: string) => string][];
  /** The file and a text on the line the error must point at. */
  at: [file: string, needle: string];
  message: RegExp;
}

const stancerOverlay = 'overlays/stancer.overlay.yaml';
const stancerSpec = 'specs/stancer/openapi.yaml';

const badInputs: BadInput[] = [
  {
    name: 'a credential option that is not an identifier',
    edits: [[stancerOverlay, (t) => t.replace('option: secretKey', 'option: secret-key')]],
    at: [stancerOverlay, 'option: secret-key'],
    message: /`x-payspec-credential\.option` must be a camelCase identifier/,
  },
  {
    name: 'a credential option that shadows a client option',
    edits: [[stancerOverlay, (t) => t.replace('option: secretKey', 'option: baseUrl')]],
    at: [stancerOverlay, 'option: baseUrl'],
    message: /would shadow the client option/,
  },
  {
    name: 'an environment name with a quote',
    providers: ['pin-payments'],
    edits: [['overlays/pin-payments.overlay.yaml', (t) => t.replace('x-payspec-environment: live', `x-payspec-environment: "li've"`)]],
    at: ['overlays/pin-payments.overlay.yaml', `x-payspec-environment: "li've"`],
    message: /`x-payspec-environment` must be a lower-case slug/,
  },
  {
    name: 'a credential pattern that is not a regular expression',
    edits: [[stancerOverlay, (t) => t.replace('pattern: ^(stest|sprod)_', 'pattern: ^(stest|sprod_')]],
    at: [stancerOverlay, 'pattern: ^(stest|sprod_'],
    message: /`pattern` is not a valid regular expression/,
  },
  {
    name: 'a package version in the overlay (the release flow owns it)',
    edits: [[stancerOverlay, (t) => t.replace('clientName: Stancer', 'clientName: Stancer\n        packageVersion: 1.0.0')]],
    at: [stancerOverlay, 'packageVersion: 1.0.0'],
    message: /`packageVersion` is not set in an overlay: the release flow owns the version, in packages\/stancer\/package\.json/,
  },
  {
    name: 'a package version that is not semver',
    edits: [['packages/stancer/package.json', (t) => t.replace(/"version": "[^"]+"/, '"version": "one"')]],
    at: ['packages/stancer/package.json', '"version": "one"'],
    message: /the package version "one" is not a semantic version/,
  },
  {
    name: 'two providers with the same clientName',
    providers: ['stancer', 'pingpp'],
    edits: [['overlays/pingpp.overlay.yaml', (t) => t.replace('clientName: Pingpp', 'clientName: Stancer')]],
    at: ['overlays/pingpp.overlay.yaml', 'clientName: Stancer'],
    message: /`clientName` Stancer is already used by stancer/,
  },
  {
    name: 'a circular $ref',
    edits: [[stancerSpec, (t) => t.replace(/components:\n/, 'components:\n  x-loop:\n    a: { $ref: "#/components/x-loop/b" }\n    b: { $ref: "#/components/x-loop/a" }\n')]],
    at: [stancerSpec, 'a: { $ref:'],
    message: /`\$ref` cycle: #\/components\/x-loop\/a -> #\/components\/x-loop\/b refers back to itself/,
  },
  {
    name: 'an empty spec',
    edits: [[stancerSpec, () => '']],
    at: [stancerSpec, ''],
    message: /the spec is empty|Document must be JSON object/,
  },
  {
    name: 'a security scheme with no credential option',
    edits: [[stancerOverlay, (t) => t.replace(/  - target: \$\.components\.securitySchemes\.basicAuth[\s\S]*$/, '')]],
    at: [stancerSpec, '    basicAuth:'],
    message: /security scheme `basicAuth` has no `x-payspec-credential`/,
  },
  {
    name: 'a server URL with user info',
    edits: [[stancerSpec, (t) => t.replace('url: https://api.stancer.com/v1', 'url: https://user:pass@api.stancer.com/v1')]],
    at: [stancerSpec, 'url: https://user:pass@api.stancer.com/v1'],
    message: /must not hold a template variable, user info, query or fragment/,
  },
  {
    name: 'a signer input the signer does not have',
    providers: ['pingpp'],
    edits: [['overlays/pingpp.overlay.yaml', (t) => t.replace('options: { privateKey: privateKey }', 'options: { publicKey: privateKey }')]],
    at: ['overlays/pingpp.overlay.yaml', 'options: { publicKey: privateKey }'],
    message: /`publicKey` is not an input of the pingpp-rsa signer/,
  },
  {
    name: 'an overlay that breaks a lint rule in the generated spec',
    edits: [[stancerOverlay, (t) => `${t}  - target: $.paths['/customers'].post\n    description: A bad update.\n    update:\n      summary: ''\n`]],
    at: [stancerOverlay, "summary: ''"],
    message: /lint of generated\/stancer\/openapi\.yaml \(after overlays\)/,
  },
  {
    name: 'a runtime that does not compile (the staged packages are compiled before anything is installed)',
    edits: [['packages/runtime/src/index.ts', (t) => `${t}\nexport const broken: number = 'not a number';\n`]],
    at: ['packages/runtime/src/index.ts', 'export const broken'],
    message: /the packages do not compile/,
  },
];

describe('a bad input fails with its file and line, and changes nothing', () => {
  it.concurrent.each(badInputs.map((input) => [input.name, input] as const))('%s', async (_name, input) => {
    const project = scratch(input.providers);
    for (const [file, change] of input.edits) project.edit(file, change);
    // Taken after the edit: a broken runtime is part of packages/ too.
    const before = await treeHash(project.root);
    const run = await buildInProcess([], project.root);
    expect(run.status, run.output).toBe(1);
    expect(run.output).toMatch(input.message);
    const [file, needle] = input.at;
    const line = needle === '' ? 1 : lineOf(project.root, file, needle);
    expect(run.output).toMatch(new RegExp(`✖ (\\[[a-z-]+\\] )?${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${line}:\\d+: `));
    expect(await treeHash(project.root)).toBe(before);
  });

  it('a package that fails publint is not installed', async () => {
    const project = scratch();
    project.edit('packages/runtime/package.json', (t) => t.replace('"types": "./dist/index.d.ts",', '"types": "./dist/missing.d.ts",'));
    const before = await treeHash(project.root);
    const run = await buildInProcess([], project.root);
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/✖ packages\/runtime\/package\.json: packages\/runtime fails publint/);
    expect(await treeHash(project.root)).toBe(before);
  });
});

describe('strings from specs and overlays reach generated code only escaped', () => {
  it('a summary, descriptions, hints and examples that try to break out are inert text', async () => {
    const project = scratch(['stancer', 'pin-payments']);
    const attack = `*/ export const pwned = 1; /* \` ' " </script> | \${x}`;
    project.edit(stancerSpec, (t) => t.replace(/^  summary: .*$/m, `  summary: ${JSON.stringify(`Create ${attack} customers`)}`));
    project.edit(stancerSpec, (t) => t.replace(/^(\s+)summary: Get a customer$/m, `$1summary: ${JSON.stringify(`Get ${attack}`)}`));
    project.edit(stancerSpec, (t) => t.replace(/^    description: Stancer API, live and test mode alike.*$/m, `    description: ${JSON.stringify(`${attack} Stancer API`)}`));
    project.edit(stancerOverlay, (t) => t.replace(/patternHint: .*$/m, `patternHint: ${JSON.stringify(attack)}`));
    project.edit(stancerOverlay, (t) => t.replace(/        description: Your Stancer secret key.*$/m, `        description: ${JSON.stringify(attack)}`));
    // A request example shown in the Pin README's code block, trying to close the string and the fence.
    const escape = "John', pwned2: 1 }); export const pwned3 = ('\n```\n# pwned4\n```ts\n";
    project.edit('specs/pin-payments/openapi.yaml', (t) => t.replace(/(CreateCustomerWithCard:\n[\s\S]*?first_name: )John/, `$1${JSON.stringify(escape)}`));
    const run = await buildInProcess([], project.root);
    expect(run.status, run.output).toBe(0);

    const index = project.read('packages/stancer/src/index.ts');
    expect(index).toContain('*\\/ export const pwned = 1;');
    const runtimeNames = ['ApiError', 'ConfigurationError', 'ConnectionError', 'InvalidResponseError', 'PayspecError', 'TimeoutError', 'UserAbortError', 'errorOf', 'requestIdOf', 'unwrap', 'withResponse'];
    const statusClasses = ['BadRequestError', 'AuthenticationError', 'PermissionDeniedError', 'NotFoundError', 'ConflictError', 'UnprocessableEntityError', 'RateLimitError', 'InternalServerError'];
    expect(exportsOf(index)).toEqual([...runtimeNames, ...statusClasses, 'StancerClient', 'StancerClientOptions', 'StancerPages', 'createStancerClient', 'definition', 'isApiError'].sort());
    expect(identifiers(index)).not.toContain('pwned');
    expect(identifiers(project.read('packages/stancer/src/schema.ts'))).not.toContain('pwned');
    // The README's code blocks stay code: the fences pair up, and the attack stays inside string literals.
    for (const readme of [project.read('packages/stancer/README.md'), project.read('packages/pin-payments/README.md')]) {
      expect(readme.match(/^```/gm)!.length % 2).toBe(0);
      expect(readme).not.toMatch(/^# pwned4/m);
      for (const block of readme.matchAll(/```ts\n([\s\S]*?)```/g)) {
        expect(identifiers(block[1]!).filter((name) => name.startsWith('pwned'))).toEqual([]);
      }
    }
    expect(project.read('packages/pin-payments/README.md')).toContain('pwned3');
    // The compiled package exports nothing more than the generator's own names.
    const compiled = readFileSync(path.join(project.root, 'packages/stancer/dist/index.js'), 'utf8');
    expect(exportsOf(compiled)).toEqual([...runtimeNames, ...statusClasses, 'createStancerClient', 'definition', 'isApiError'].sort());

    // The docs code samples: the example stays one string literal in TypeScript and one word in the shell.
    const pin = parse(project.read('generated/pin-payments/openapi.yaml')) as { paths: Record<string, Record<string, { 'x-codeSamples': { lang: string; source: string }[] }>> };
    const [typescript, shell] = pin.paths['/customers']!.post!['x-codeSamples'];
    expect(identifiers(typescript!.source).filter((name) => name.startsWith('pwned'))).toEqual([]);
    expect(stringLiterals(typescript!.source)).toContain(escape);
    const argv = curlArguments(shell!.source);
    expect(JSON.parse(argv[argv.indexOf('-d') + 1]!).first_name).toBe(escape);
    // The docs pages: the attack in a summary cannot end the page's script early. Three scripts:
    // Redoc's colour-mode snippet, the shared Redoc script, the hydration with the definition.
    for (const page of ['generated/docs/stancer.html', 'generated/docs/pin-payments.html']) {
      const html = project.read(page);
      expect(html.match(/<script\b/g)).toHaveLength(3);
      expect(html.match(/<\/script>/g)).toHaveLength(3);
    }
  });
});

/** Names a TypeScript source exports by declaration or `export {}` (re-exports from other modules excluded). */
function exportsOf(source: string): string[] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest);
  const names: string[] = [];
  for (const statement of file.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isExportDeclaration(statement)) {
      if (statement.moduleSpecifier && !statement.exportClause) continue;
      if (statement.exportClause && ts.isNamedExports(statement.exportClause) && !statement.isTypeOnly) {
        for (const element of statement.exportClause.elements) if (!element.isTypeOnly) names.push(element.name.text);
      }
    } else if (exported) {
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) {
          // `export const { NotFoundError, ... } = ...`: each bound name is an export.
          if (ts.isObjectBindingPattern(d.name)) for (const element of d.name.elements) names.push(element.name.getText(file));
          else names.push(d.name.getText(file));
        }
      } else if ('name' in statement && statement.name) names.push((statement.name as ts.Identifier).text);
    }
  }
  return names.sort();
}

/** The arguments bash passes to `curl` when it runs a curl sample (curl replaced by a function printing them). */
function curlArguments(sample: string): string[] {
  const printed = execFileSync('bash', ['-c', `curl() { printf '%s\\0' "$@"; }\n${sample}`], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  return printed.split('\0').slice(0, -1);
}

/** The values of the tokens of one kind in a source (comments are not tokens). */
function tokens(source: string, kind: ts.SyntaxKind): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, source);
  const found: string[] = [];
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === kind) found.push(scanner.getTokenValue());
  }
  return found;
}

/** Every identifier of a source (names inside strings and comments are not identifiers). */
const identifiers = (source: string) => tokens(source, ts.SyntaxKind.Identifier);
/** The values of a source's string literals. */
const stringLiterals = (source: string) => tokens(source, ts.SyntaxKind.StringLiteral);

describe.concurrent('installing is all-or-nothing, one build at a time', () => {
  it('a build killed half-way through installing is finished by the next one, which then finds nothing to change', async () => {
    const project = scratch();
    project.edit(stancerSpec, (t) => t.replace(/^  title: .*$/m, '  title: Stancer Customers API, retitled'));
    const killed = await runBuild([], project.root, { PAYSPEC_TEST_KILL_AFTER_MOVES: '2' });
    expect(killed.status, killed.output).not.toBe(0); // killed by SIGKILL after two files moved
    expect(existsSync(path.join(project.root, '.payspec-build/journal.json'))).toBe(true);
    // The next build first finishes the interrupted install, then builds afresh (the cache was never
    // written): every file it generates, compiled packages included, is already in place.
    const next = await buildInProcess([], project.root);
    expect(next.output).toContain('finishing the install of a build that was interrupted');
    expect(next.output).toMatch(/built 1 of 1 provider\(s\), 0 file\(s\) changed/);
    expect(project.read('packages/stancer/README.md')).toContain('Stancer Customers API, retitled');
    expect(existsSync(path.join(project.root, '.payspec-build/journal.json'))).toBe(false);
  });

  it('two builds at once both succeed: the second waits for the first', async () => {
    const project = scratch();
    const [first, second] = await Promise.all([buildInProcess(['--force'], project.root), buildInProcess(['--force'], project.root)]);
    expect([first.status, second.status]).toEqual([0, 0]);
    expect(`${first.output}${second.output}`).toMatch(/waiting for another build \(pid \d+\) to finish/);
  });

  it('a stale lock and stages left by killed builds are cleared', async () => {
    const project = scratch();
    const work = path.join(project.root, '.payspec-build');
    mkdirSync(path.join(work, 'stage-999999-dead'), { recursive: true });
    writeFileSync(path.join(work, 'stage-999999-dead/leftover'), 'x');
    writeFileSync(path.join(work, 'lock'), JSON.stringify({ pid: 999_999, start: '1' }));
    const run = await buildInProcess([], project.root);
    expect(run.status, run.output).toBe(0);
    expect(existsSync(path.join(work, 'stage-999999-dead'))).toBe(false);
    expect(existsSync(path.join(work, 'lock'))).toBe(false);
  });

  it('a build killed before installing changes nothing, and leaves no process behind', async () => {
    const project = scratch();
    project.edit(stancerSpec, (t) => t.replace(/^  title: .*$/m, '  title: Never installed'));
    const before = await treeHash(project.root);
    // Held just before its install, the build is then orphaned: its launcher gets SIGKILL.
    const build = startBuild([], project.root, { PAYSPEC_TEST_HOLD_BEFORE_INSTALL: '1' });
    await Promise.race([build.reached('holding before the install'), build.done]);
    expect(build.output()).toContain('holding before the install');
    build.child.kill('SIGKILL');
    await build.done;
    expect(await awaitGone('PAYSPEC_ROOT', project.root)).toEqual([]);
    expect(await treeHash(project.root)).toBe(before);
  });
});

describe('pnpm build --help', () => {
  it('prints the usage and builds nothing', async () => {
    const run = await buildInProcess(['--help']);
    expect(run.status).toBe(0);
    expect(run.output).toMatch(/^usage: pnpm build \[--check\]/);
    expect(run.output).not.toContain('payspec build:');
  });

  it('refuses an unknown option with the usage', async () => {
    const run = await buildInProcess(['--chek']);
    expect(run.status).toBe(2);
    expect(run.output).toMatch(/Unknown option '--chek'[\s\S]*usage: pnpm build/);
  });
});
