/**
 * The mock command given hostile or careless input: ports in other notations, files that are not
 * OpenAPI documents, paths with line breaks and terminal escape sequences. `payspec-mock` runs from
 * this repository's @payspec/mock (the packed package: tests/packages/mock-package.test.ts); every answer
 * is one line that quotes what it was given, and nothing is served.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolRoot } from '../../scripts/shared/paths.js';

const bin = path.join(toolRoot, 'packages/mock/bin/payspec-mock.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'payspec-mock-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A command that should end does so at once; one that serves instead must not hang the test.
const mock = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, timeout: 120_000, killSignal: 'SIGKILL' });

/** Control characters (C0 and C1, ESC included) that a terminal would act on. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('payspec-mock refuses what it cannot serve, in one line', () => {
  it.each([['0x1F90'], ['1e3'], [' 80'], ['80.0'], ['+80'], ['0'], ['65536']])('--port %j is not a port (exit 2), never read as another number', (port) => {
    const run = mock('stancer', '--port', port);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(`payspec-mock: --port must be a port number (1-65535), not ${JSON.stringify(port)}`);
  });

  it.each([
    ['an empty file', '', /^payspec-mock: ".*empty\.yaml" is not an OpenAPI 3 document \(it has no `openapi` version\)$/],
    ['YAML that is not OpenAPI', 'foo: bar\n', /^payspec-mock: ".*other\.yaml" is not an OpenAPI 3 document \(it has no `openapi` version\)$/],
    ['text that is not YAML', 'a: [\n', /^payspec-mock: ".*other\.yaml" cannot be read: ".*"$/],
  ])('%s: the reason in one line (exit 1)', (_name, content, reason) => {
    const file = path.join(dir, content ? 'other.yaml' : 'empty.yaml');
    writeFileSync(file, content);
    const run = mock(file, '--port', '45999');
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(reason);
  });

  it.each([
    ['a line break and an escape sequence', 'no\nsuch\u001b[31m.yaml'],
    ['a C1 control (CSI)', 'no\u009bsuch.yaml'],
    ['a carriage return', 'gone\r.yaml'],
  ])('a missing spec path with %s is quoted, escaped, in one line (exit 1)', (_name, name) => {
    const run = mock(path.join(dir, name));
    expect(run.status).toBe(1);
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^payspec-mock: ".*" does not exist$/);
    expect(lines[0]).not.toMatch(CONTROL);
  });
});
