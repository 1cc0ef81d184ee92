/**
 * `pnpm build`: lints, bundles and overlays the specs of the registry, generates the types, client
 * packages and docs into a staging folder, compiles and checks the staged packages (tsc, publint,
 * attw), and only then installs the changed files, all at once under a journal. Providers whose
 * inputs did not change are not built again. See `build/build-command.ts` and `pnpm build --help`.
 */
import { runBuildCommand } from './build/build-command.js';
import { onOrphaned } from '../packages/mock/src/lifecycle.mjs';

// Interrupted: exit at once; the lock is released on exit and an install in progress is finished by the next build.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => process.exit(130));
onOrphaned(() => process.exit(1));

runBuildCommand(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
