/**
 * The run's temporary folder in memory: a folder of its own on the tmpfs at /dev/shm, made the
 * TMPDIR of the run (test workers, builds, browsers and every child process inherit it), and
 * removed when the run ends. The tests make and remove thousands of small files (scratch copies
 * of the project, their builds, packed tarballs, browser profiles): on a virtual machine's disk
 * each file costs half a millisecond of CPU, on tmpfs a twentieth of that. A machine without a
 * writable /dev/shm keeps its usual temporary folder.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const MEMORY = '/dev/shm';
const PREFIX = 'payspec-tests-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: a process of another user holds the pid, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sets TMPDIR for this process and its children; returns the folder, or undefined when there is no tmpfs. */
export function useMemoryTmpdir(): string | undefined {
  let entries: string[];
  try {
    entries = readdirSync(MEMORY);
  } catch {
    return undefined;
  }
  // Folders of runs that were killed (SIGKILL gives no chance to clean up): their pid is gone.
  for (const entry of entries) {
    const pid = Number(/^payspec-tests-(\d+)-/.exec(entry)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(path.join(MEMORY, entry), { recursive: true, force: true });
  }
  let dir: string;
  try {
    dir = mkdtempSync(path.join(MEMORY, `${PREFIX}${process.pid}-`));
  } catch {
    return undefined;
  }
  // Kept for tests that look for this machine's paths in what they produce.
  process.env.PAYSPEC_OUTER_TMPDIR ??= tmpdir();
  process.env.TMPDIR = dir;
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
