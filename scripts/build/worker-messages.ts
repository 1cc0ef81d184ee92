/** What the build workers and the pool say to each other, and how an error crosses between threads. */
import { BuildError } from '../shared/errors.js';
import type { Provider } from '../spec/registry.js';

/** A job: one provider of one build. Aborting a build stops its jobs at their next step. */
export type ToWorker = { type: 'build'; id: number; build: number; root: string; provider: Provider; stage: string } | { type: 'abort'; build: number };

export interface SerializedError {
  cancelled: boolean;
  provider?: string;
  message: string;
  file?: string;
  location?: { line: number; column: number };
  detail?: string;
  stack?: string;
}

export type FromWorker =
  | { type: 'progress'; id: number; step: string; done: boolean }
  /** The client definition, once the generated spec is final: its package can be made while the docs page renders. */
  | { type: 'spec'; id: number; spec: unknown }
  | { type: 'done'; id: number; result: { spec: unknown; inputs: string[] } }
  | { type: 'failed'; id: number; error: SerializedError };

/** An error as plain data: a `BuildError` keeps its file, line and detail; anything else its stack. */
export function serialize(error: unknown, provider?: string): SerializedError {
  const cause = (error as { cause?: unknown; provider?: string })?.provider !== undefined && (error as { cause?: unknown }).cause ? (error as { cause: unknown }).cause : error;
  const name = (error as { provider?: string })?.provider ?? provider;
  const base = { cancelled: (error as Error)?.name === 'Cancelled', ...(name ? { provider: name } : {}), message: (cause as Error)?.message ?? String(cause) };
  if (cause instanceof BuildError) {
    return { ...base, ...(cause.file ? { file: cause.file } : {}), ...(cause.location ? { location: cause.location } : {}), ...(cause.detail ? { detail: cause.detail } : {}) };
  }
  return { ...base, stack: (cause as Error)?.stack ?? String(cause) };
}

