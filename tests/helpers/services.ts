import { inject } from 'vitest';

/** What a build printed and its exit code. */
export interface BuildRun {
  status: number | null;
  output: string;
}

/** A fixture provider built by the shared services, and its mock. */
export interface BuiltFixtureInfo {
  /** The scratch project it was built in. */
  root: string;
  /** The generated spec, as the mock serves it. */
  spec: string;
  /** The generated package's `src/index.ts`. */
  index: string;
  /** The mock on the generated spec (stateless, Prism validating). */
  url: string;
}

/** Asks the run's shared services (setup/services.ts) for something; resolves to its answer. */
export async function service<T>(route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${inject('services')}${route}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`the shared service ${route} failed: ${answer.error}`);
  return answer;
}
