import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listFiles } from '../scripts/lib/outputs.js';
import { toolRoot } from '../scripts/lib/paths.js';
import { runBuild } from './helpers/build.js';

/**
 * The pipeline on a scratch copy of the project with one input broken: the build must fail naming
 * the file and the line, and leave the previously generated output exactly as it was.
 */
let root: string;
const snapshot = () => {
  const dir = path.join(root, 'generated');
  return listFiles(dir).then((files) => Object.fromEntries(files.map((file) => [file, readFileSync(path.join(dir, file), 'utf8')])));
};
const edit = (file: string, change: (text: string) => string) => {
  const full = path.join(root, file);
  const before = readFileSync(full, 'utf8');
  const after = change(before);
  expect(after, `the test's edit of ${file} changed nothing`).not.toBe(before);
  writeFileSync(full, after);
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'payspec-broken-'));
  for (const entry of ['redocly.yaml', 'specs', 'overlays', 'generated', 'packages/runtime/package.json']) {
    cpSync(path.join(toolRoot, entry), path.join(root, entry), { recursive: true });
  }
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('a broken input fails the build and loses nothing', () => {
  it('an overlay action whose target matches nothing', async () => {
    const before = await snapshot();
    edit('overlays/stancer.overlay.yaml', (text) => text.replace('target: $.components.securitySchemes.basicAuth', 'target: $.components.securitySchemes.basic'));
    const run = runBuild([], root);
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/\[stancer\] overlays\/stancer\.overlay\.yaml:\d+:\d+: action #3 target `\$\.components\.securitySchemes\.basic` matches nothing/);
    expect(run.output).toContain('the previous output is intact');
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('an overlay that is not valid YAML', async () => {
    const before = await snapshot();
    edit('overlays/stancer.overlay.yaml', (text) => text.replace('  - target: $.info\n', '  - target: $.info\n   bad-indent: [\n'));
    const run = runBuild([], root);
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/overlays\/stancer\.overlay\.yaml:\d+:\d+: invalid YAML/);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('a spec that breaks a lint rule', async () => {
    const before = await snapshot();
    edit('specs/stancer/openapi.yaml', (text) => text.replace('      summary: Delete a customer\n', ''));
    const run = runBuild([], root);
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/\[stancer\] specs\/stancer\/openapi\.yaml:\d+:\d+: .*error/);
    expect(run.output).toContain('operation-summary');
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('a spec example that contradicts its schema', async () => {
    const before = await snapshot();
    edit('specs/stancer/openapi.yaml', (text) => text.replace("mobile: '+33612345678'", 'mobile: 33612345678'));
    const run = runBuild([], root);
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/specs\/stancer\/openapi\.yaml:\d+:\d+/);
    expect(run.output).toContain('no-invalid-media-type-examples');
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('a spec that is not valid YAML', async () => {
    const before = await snapshot();
    edit('specs/stancer/openapi.yaml', (text) => text.replace('paths:\n', 'paths:\n  /customers: [\n'));
    const run = runBuild([], root);
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/specs\/stancer\/openapi\.yaml:\d+:\d+/);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('a registry entry without a spec', async () => {
    const before = await snapshot();
    edit('redocly.yaml', (text) => text.replace('    root: specs/stancer/openapi.yaml\n', ''));
    const run = runBuild([], root);
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/redocly\.yaml:\d+:\d+: api 'stancer' has no `root:` spec/);
    expect(await snapshot()).toEqual(before);
  }, 60_000);
});
