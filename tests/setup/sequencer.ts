/**
 * Runs the slowest test files first, so that no long file starts last and holds up the end of the
 * run. Vitest orders by the durations of this machine's last run; a machine with none yet (a fresh
 * clone, CI) uses the durations `pnpm bench tests` measured and recorded in `durations.json` beside
 * this file. Files of the same duration keep vitest's own order.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const DURATIONS_FILE = new URL('./durations.json', import.meta.url);

/** File (relative to the project) → seconds, as `pnpm bench tests` last measured them. */
export function recordedDurations(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

export class DurationSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const recorded = recordedDurations();
    const cache = this.ctx.cache;
    const root = this.ctx.config.root;
    const duration = (spec: TestSpecification) => {
      const file = path.relative(root, spec.moduleId).split(path.sep).join('/');
      return cache.getFileTestResults(`${spec.project.name}:${file}`)?.duration ?? (recorded[file] ?? 0) * 1000;
    };
    // Stable: equal durations keep the base order (projects, then vitest's own rules).
    return sorted.map((spec, index) => ({ spec, index, ms: duration(spec) })).sort((a, b) => b.ms - a.ms || a.index - b.index).map(({ spec }) => spec);
  }
}
