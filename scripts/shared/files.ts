import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Every file below `dir`, as paths relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(sub: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(dir, sub), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const relative = path.join(sub, entry.name);
      if (entry.isDirectory()) await walk(relative);
      else out.push(relative.split(path.sep).join('/'));
    }
  }
  await walk('');
  return out.sort();
}

/** The project's license: every package ships a verbatim copy. */
export const LICENSE_FILE = 'LICENSE';
