import { inject } from 'vitest';

/** What a build printed and its exit code. */
export interface BuildRun {
  status: number | null;
  output: string;
}

/** A fixture provider built by the shared services, and its Prism. */
export interface BuiltFixtureInfo {
  /** The scratch project it was built in. */
  root: string;
  /** The generated spec, as Prism serves it. */
  spec: string;
  /** The generated package's `src/index.ts`. */
  index: string;
  /** Prism on the generated spec. */
  url: string;
}

/** Asks the run's shared services (setup/services.ts) for something; resolves to its answer. */
export async function service<T>(route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${inject('services')}${route}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`the shared service ${route} failed: ${answer.error}`);
  return answer;
}
