import { readdirSync, readFileSync } from 'node:fs';

/** Live processes (zombies excluded) whose environment holds `NAME=value`, with their command lines, from /proc. */
export function processesWithEnv(name: string, value: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(`${name}=${value}`)) continue;
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (state.slice(state.lastIndexOf(')') + 2).startsWith('Z')) continue;
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'latin1').replace(/\0/g, ' ').trim() });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/**
 * Waits for the processes with `NAME=value` to be gone; returns those still there after `ms`, a
 * safety net for a process that never ends (a busy machine can take seconds to stop a Prism).
 */
export async function awaitGone(name: string, value: string, ms = 60_000): Promise<{ pid: number; command: string }[]> {
  const deadline = Date.now() + ms;
  while (processesWithEnv(name, value).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return processesWithEnv(name, value);
}
