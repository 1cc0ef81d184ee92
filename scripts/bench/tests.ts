/**
 * The test suite's figures: `pnpm test` (vitest, both projects) run for real in a child process, as
 * a user runs it, measuring its wall time and the CPU time of every process it started (vitest's
 * workers, Prism, Chromium, builds: the children's time the kernel adds up once each is waited for),
 * and each file's duration from vitest's JSON report. The durations are also written to
 * `tests/setup/durations.json`, which orders the files on a machine that has no run of its own yet.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toolRoot } from '../shared/paths.js';

export interface TestRunStats {
  code: number | null;
  wallMs: number;
  /** CPU time of the run and everything it started; NaN where /proc is missing (not Linux). */
  cpuMs: number;
  tests: { passed: number; failed: number; skipped: number };
  /** Each file's duration (seconds), slowest first, relative to the project. */
  files: { file: string; seconds: number }[];
  output: string;
}

/** The CPU time (ms) of this process's children that have been waited for (Linux: /proc/self/stat). */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces): cutime and cstime are the 16th and 17th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]);
    // Linux reports them in clock ticks of 1/100 s (USER_HZ).
    return ticks * 10;
  } catch {
    return Number.NaN;
  }
}

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { name: string; startTime: number; endTime: number }[];
}

/** Runs the whole suite (`vitest run`, what `pnpm test` runs) and measures it. */
export async function benchTests(args: string[] = []): Promise<TestRunStats> {
  const work = mkdtempSync(path.join(tmpdir(), 'payspec-bench-tests-'));
  const report = path.join(work, 'report.json');
  try {
    const before = childrenCpuMs();
    const started = performance.now();
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(toolRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`, ...args], {
        cwd: toolRoot,
        env: { ...process.env, FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('close', (exit) => resolve({ code: exit, output: text }));
    });
    const wallMs = performance.now() - started;
    const cpuMs = childrenCpuMs() - before;
    const json = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
    const files = json.testResults
      .map((result) => ({ file: path.relative(toolRoot, result.name).split(path.sep).join('/'), seconds: Math.round((result.endTime - result.startTime) / 100) / 10 }))
      .sort((a, b) => b.seconds - a.seconds);
    return { code, wallMs, cpuMs, tests: { passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests }, files, output };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Records the files' durations for the test sequencer (tests/setup/sequencer.ts). */
export function recordDurations(files: TestRunStats['files']): void {
  writeFileSync(path.join(toolRoot, 'tests/setup/durations.json'), `${JSON.stringify(Object.fromEntries(files.map((f) => [f.file, f.seconds])), null, 2)}\n`);
}
