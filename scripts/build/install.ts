/**
 * Installing the staged output into the working tree: one build at a time (a lock), and a swap that
 * is all-or-nothing even if the process is killed half-way (a journal). Only files whose content
 * changed are written, so unchanged files keep their timestamps.
 *
 * The journal is written (and renamed into place, atomically) after the stage has been verified and
 * before the first file moves. If the process dies while moving files, the next build finds the
 * journal and finishes the moves from the stage before doing anything else; the tree is then
 * exactly the new output. Without a journal no file has moved, and the stage is simply discarded.
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isAlive, processStart } from '../../packages/mock/src/lifecycle.mjs';
import { listFiles } from './outputs.js';
import { repoRoot } from '../shared/paths.js';

export const WORK_DIR = '.payspec-build';
const LOCK = 'lock';
const JOURNAL = 'journal.json';

const work = (...parts: string[]) => path.join(repoRoot(), WORK_DIR, ...parts);

interface LockOwner {
  pid: number;
  start: string | undefined;
}

async function readOwner(): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(work(LOCK), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/**
 * Runs `action` holding the build lock. Another build's lock is waited for (`onWait` is told once);
 * a lock whose owner is gone (killed) is taken over.
 */
export async function withBuildLock<T>(action: () => Promise<T>, notify: (line: string) => void = () => undefined, timeoutMs = 15 * 60_000): Promise<T> {
  await mkdir(work(), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let told = false;
  const me: LockOwner = { pid: process.pid, start: processStart(process.pid) };
  for (;;) {
    try {
      const handle = await open(work(LOCK), 'wx');
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner();
    if (owner && isAlive(owner)) {
      if (!told) notify(`• waiting for another build (pid ${owner.pid}) to finish`);
      told = true;
      if (Date.now() > deadline) throw new Error(`another build (pid ${owner.pid}) has held ${WORK_DIR}/${LOCK} for too long`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    // The owner died (or the lock file is half-written by a process that died): take it over.
    await unlink(work(LOCK)).catch(() => undefined);
  }
  // Synchronous, so that it also runs when the process exits on a signal handler's process.exit().
  const release = () => {
    try {
      unlinkSync(work(LOCK));
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  try {
    await recoverInterruptedInstall(notify);
    await removeStaleStages();
    return await action();
  } finally {
    process.off('exit', release);
    await unlink(work(LOCK)).catch(() => undefined);
  }
}

/** A new, empty staging folder under the work directory. */
export async function createStage(): Promise<string> {
  const stage = work(`stage-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(stage, { recursive: true });
  return stage;
}

/** Stages left by killed builds; only called under the lock, so none of them is in use. */
async function removeStaleStages(): Promise<void> {
  for (const entry of await readdir(work()).catch(() => [])) {
    if (entry.startsWith('stage-')) await rm(work(entry), { recursive: true, force: true });
  }
}

interface Journal {
  /** The stage, relative to the work directory. */
  stage: string;
  /** Files to move from the stage into the tree, relative to both. */
  puts: string[];
  /** Files to delete from the tree. */
  deletes: string[];
}

/** What installing the stage would change under the owned roots: new or changed files, and files to delete. */
export async function planInstall(stage: string, roots: string[]): Promise<{ puts: string[]; deletes: string[] }> {
  const puts: string[] = [];
  const deletes: string[] = [];
  for (const root of roots) {
    const staged = await filesUnder(path.join(stage, root));
    const current = await filesUnder(path.join(repoRoot(), root));
    for (const file of staged) {
      const relative = file ? `${root}/${file}` : root;
      const [a, b] = await Promise.all([readFile(path.join(stage, relative)), readFile(path.join(repoRoot(), relative)).catch(() => undefined)]);
      if (!b || !a.equals(b)) puts.push(relative);
    }
    for (const file of current) if (!staged.includes(file)) deletes.push(file ? `${root}/${file}` : root);
  }
  return { puts, deletes };
}

async function filesUnder(target: string): Promise<string[]> {
  try {
    return (await stat(target)).isDirectory() ? await listFiles(target) : [''];
  } catch {
    return [];
  }
}

/**
 * The tests' fault injection: PAYSPEC_TEST_KILL_AFTER_MOVES=n kills the process after n file moves;
 * PAYSPEC_TEST_HOLD_BEFORE_INSTALL=1 makes it wait (30 s at most) just before the journal is
 * committed, so that a test can kill it at that point.
 */
async function holdBeforeInstall(notify: (line: string) => void): Promise<void> {
  if (process.env.PAYSPEC_TEST_HOLD_BEFORE_INSTALL !== '1') return;
  notify('• holding before the install (PAYSPEC_TEST_HOLD_BEFORE_INSTALL)');
  await new Promise((resolve) => setTimeout(resolve, 30_000));
}

function faultInjection(): (moved: number) => void {
  const after = Number(process.env.PAYSPEC_TEST_KILL_AFTER_MOVES);
  return Number.isInteger(after) && after >= 0 ? (moved) => void (moved === after && process.kill(process.pid, 'SIGKILL')) : () => undefined;
}

/** Moves the planned files into place under a journal; returns how many files changed. */
export async function install(stage: string, plan: { puts: string[]; deletes: string[] }, notify: (line: string) => void = () => undefined): Promise<number> {
  if (plan.puts.length === 0 && plan.deletes.length === 0) return 0;
  await holdBeforeInstall(notify);
  const journal: Journal = { stage: path.relative(work(), stage), ...plan };
  const temporary = work(`${JOURNAL}.tmp`);
  const handle = await open(temporary, 'w');
  await handle.writeFile(JSON.stringify(journal));
  await handle.sync();
  await handle.close();
  // The commit point: from here on, the new output is what the tree will hold.
  await rename(temporary, work(JOURNAL));
  await applyJournal(journal, faultInjection());
  return plan.puts.length + plan.deletes.length;
}

async function applyJournal(journal: Journal, afterMove: (moved: number) => void = () => undefined): Promise<void> {
  const stage = work(journal.stage);
  let moved = 0;
  for (const file of journal.puts) {
    const from = path.join(stage, file);
    const to = path.join(repoRoot(), file);
    await mkdir(path.dirname(to), { recursive: true });
    try {
      // One rename per file: each file is either the old or the new content, never half of each.
      await rename(from, to);
    } catch (error) {
      // Already moved by the interrupted run: nothing left to do for this file.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    afterMove(++moved);
  }
  for (const file of journal.deletes) {
    await rm(path.join(repoRoot(), file), { force: true });
    await removeEmptyParents(path.dirname(path.join(repoRoot(), file)));
  }
  await unlink(work(JOURNAL));
}

async function removeEmptyParents(dir: string): Promise<void> {
  for (let current = dir; current.startsWith(repoRoot()) && current !== repoRoot(); current = path.dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
  }
}

/** Finishes an install that a killed build left half-done; returns whether there was one. */
export async function recoverInterruptedInstall(notify: (line: string) => void = () => undefined): Promise<boolean> {
  let journal: Journal;
  try {
    journal = JSON.parse(await readFile(work(JOURNAL), 'utf8')) as Journal;
  } catch {
    await unlink(work(`${JOURNAL}.tmp`)).catch(() => undefined);
    return false;
  }
  notify(`• finishing the install of a build that was interrupted (${journal.puts.length + journal.deletes.length} files)`);
  await applyJournal(journal);
  return true;
}
