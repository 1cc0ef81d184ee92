import { readdirSync } from 'node:fs';
import path from 'node:path';

/** A folder and every folder below it, but dependencies, build output and fixtures (data, not source). */
export function folders(dir: string): string[] {
  const below = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory() && !['node_modules', 'dist', 'fixtures'].includes(entry.name));
  return [dir, ...below.flatMap((entry) => folders(path.join(dir, entry.name)))];
}
