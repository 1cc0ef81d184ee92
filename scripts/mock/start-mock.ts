/** A provider's mock on its generated spec, for the tests and `pnpm mock`: @payspec/mock's server, in this process. */
import path from 'node:path';
import { freePort, serve, type RunningMock as ServedMock, type ServeOptions } from '../../packages/mock/src/server/start.mjs';
import { repoRoot } from '../shared/paths.js';

export { freePort };

export interface RunningMock extends ServedMock {
  provider: string;
}

/** Serves `generated/<provider>/openapi.yaml` and resolves once it accepts requests. */
export async function startMock(provider: string, options: ServeOptions = {}): Promise<RunningMock> {
  const mock = await serve(path.join(repoRoot(), 'generated', provider, 'openapi.yaml'), options);
  return Object.assign(mock, { provider });
}
