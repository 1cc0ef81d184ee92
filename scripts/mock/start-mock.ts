/** Prism on a provider's generated spec, for the tests and `pnpm mock`: @payspec/mock's runner. */
import path from 'node:path';
import { freePort, startPrism, type MockOptions } from '../../packages/mock/src/prism.mjs';
import { repoRoot } from '../shared/paths.js';

export { freePort };

export interface RunningMock {
  provider: string;
  url: string;
  stop(): Promise<void>;
}

/** Starts Prism on `generated/<provider>/openapi.yaml` and resolves once it accepts requests. */
export async function startMock(provider: string, options: MockOptions = {}): Promise<RunningMock> {
  const mock = await startPrism(path.join(repoRoot(), 'generated', provider, 'openapi.yaml'), options);
  return { provider, ...mock };
}
