// @ts-check
// Exits this process as soon as the process that started it is gone, however it died (SIGKILL
// included), so nothing outlives the runner that owns it. Run in every vitest worker of the
// payspec repository (`setupFiles`) and in its tests' mock host; installed once per process.
const key = Symbol.for('payspec.exitWithParent');
const state = /** @type {Record<symbol, boolean>} */ (/** @type {unknown} */ (globalThis));
if (!state[key]) {
  state[key] = true;
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(1);
  }, 250).unref();
}
