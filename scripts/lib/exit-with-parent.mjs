// Exits this process as soon as the process that started it is gone, however it died (SIGKILL
// included), so nothing outlives the runner that owns it. Preloaded into each Prism process
// (`node --import`) and run in every vitest worker (`setupFiles`); installed once per process.
const key = Symbol.for('payspec.exitWithParent');
if (!globalThis[key]) {
  globalThis[key] = true;
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(1);
  }, 250).unref();
}
