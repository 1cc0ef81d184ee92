// @ts-check
/**
 * Keeping child processes from outliving their parents. A process killed with SIGKILL runs no
 * handler, and `pnpm` or `npx` killed with SIGTERM does not pass it on: the processes below them are
 * orphaned and would keep serving. So long-running entry points watch their ancestors and stop when
 * one of them is gone, and the processes they start exit when their own parent is gone
 * (`exit-with-parent.mjs`).
 */
import { readFileSync } from 'node:fs';

/**
 * @typedef {object} ProcessId
 * @property {number} pid
 * @property {string | undefined} start Start time (clock ticks since boot) on Linux, so a recycled pid is not mistaken for the process.
 */

/**
 * pid, ppid and start time from `/proc/<pid>/stat`, or undefined when the process is gone (or not on Linux).
 * @param {number} pid
 * @returns {{ ppid: number; start: string } | undefined}
 */
function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields we need follow the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), start: /** @type {string} */ (fields[19]) };
  } catch {
    return undefined;
  }
}

/**
 * This process's ancestors up to (not including) pid 1: on Linux the whole chain, elsewhere the parent.
 * @returns {ProcessId[]}
 */
export function ancestors() {
  /** @type {ProcessId[]} */
  const chain = [];
  let pid = process.ppid;
  for (let depth = 0; pid > 1 && depth < 64; depth++) {
    const info = stat(pid);
    chain.push({ pid, start: info?.start });
    if (!info) break;
    pid = info.ppid;
  }
  return chain;
}

/**
 * The start time of a process, when the platform tells (Linux), to tell it from a later one with the same pid.
 * @param {number} pid
 * @returns {string | undefined}
 */
export function processStart(pid) {
  return stat(pid)?.start;
}

/**
 * Whether the process still runs (and is the same process, where start times are known).
 * @param {ProcessId} ancestor
 * @returns {boolean}
 */
export function isAlive(ancestor) {
  if (ancestor.start !== undefined) return stat(ancestor.pid)?.start === ancestor.start;
  try {
    process.kill(ancestor.pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/**
 * Calls `orphaned` once, as soon as any ancestor of this process has exited (polled every
 * `intervalMs`; the timer does not keep the process alive). Returns a function that stops watching.
 * @param {() => void} orphaned
 * @param {number} [intervalMs]
 * @returns {() => void}
 */
export function onOrphaned(orphaned, intervalMs = 250) {
  const chain = ancestors();
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent && chain.every(isAlive)) return;
    clearInterval(timer);
    orphaned();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
