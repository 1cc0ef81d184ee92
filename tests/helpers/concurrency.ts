import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';

/**
 * How many pieces of heavy work (a browser page, a build) a test file runs at once: one core is
 * left for the rest of the run (vitest, Prism, other files), so a 2-core machine runs one at a time
 * and a bigger one more. Concurrent tests still start together; they queue here instead of racing
 * for the CPU and turning each other's safety-net timeouts into budgets.
 */
export const heavyWork = pLimit(Math.max(1, availableParallelism() - 1));
