import { spawn } from 'node:child_process';
import { repoRoot } from './paths.js';

export interface RunResult {
  code: number;
  output: string;
}

/** Runs a tool and collects its output (stdout and stderr interleaved, as a user would see them). */
export function run(command: string, args: string[], env: Record<string, string> = {}, signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot(),
      env: { ...process.env, ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Aborted (another provider failed): the tool is killed, not waited for.
      ...(signal ? { signal } : {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => (signal?.aborted ? resolve({ code: 1, output: 'aborted' }) : reject(error)));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
