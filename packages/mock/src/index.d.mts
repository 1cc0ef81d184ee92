/** @payspec/mock's programmatic API (see src/index.mjs). */

export interface StartMockOptions {
  /** The port to listen on (default: a free port). */
  port?: number;
  /** The interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Answer with the spec's examples only, keeping no state (default `false`). */
  stateless?: boolean;
  /** Receives one line per request, and the mock's own errors. */
  log?: (line: string) => void;
  /** Where a provider name's `@payspec/<name>` package is looked up first (default `process.cwd()`). */
  cwd?: string;
}

export interface RunningMock {
  /** `http://127.0.0.1:<port>`: the clients' `baseUrl`. */
  readonly url: string;
  readonly port: number;
  /** Forgets every change in every account: the state is the spec's examples again. */
  reset(): void;
  /** Closes the server and its open connections. */
  stop(): Promise<void>;
}

/** Why a mock did not start. */
export declare class MockStartError extends Error {
  readonly name: 'MockStartError';
  readonly reason: 'port-in-use' | 'bad-spec' | 'listen-failed';
  constructor(reason: MockStartError['reason'], message: string);
}

/** Starts a mock of a payspec provider (its installed package's spec), of a spec file, or of a parsed OpenAPI document. */
export declare function startMock(providerOrSpec: string | Record<string, unknown>, options?: StartMockOptions): Promise<RunningMock>;

/** The spec a provider name or a path stands for, or why there is none. */
export declare function resolveSpec(target: string, cwd?: string): { spec: string; label: string } | { error: string; usage?: boolean };
