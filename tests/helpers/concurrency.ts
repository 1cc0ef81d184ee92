import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';

/**
 * How many pieces of heavy work (browser pages) a test file runs at once: one per core, so a
 * 2-core machine loads and hydrates two pages at a time, not five (which took 10 s and more each
 * there), and a bigger one more. Concurrent tests still start together; they queue here instead
 * of racing for the CPU.
 */
export const heavyWork = pLimit(Math.max(1, availableParallelism()));
