/**
 * A real headless Chromium for the docs tests: Debian's `chromium` (or the browser named by
 * PAYSPEC_CHROMIUM), driven by playwright-core. The browser runs over a pipe from the test worker,
 * so it exits with the worker even when the worker is killed.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

export function chromiumPath(): string {
  const named = process.env.PAYSPEC_CHROMIUM;
  if (named) {
    if (!existsSync(named)) throw new Error(`PAYSPEC_CHROMIUM names ${named}, which does not exist`);
    return named;
  }
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      'the docs tests need a Chromium: on Debian or Ubuntu, `apt-get install chromium` (the README set-up does it), or set PAYSPEC_CHROMIUM to a Chromium or Chrome binary',
    );
  }
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // No sandbox: CI runs as root in a container. The rest keeps Chromium from calling home, so any
    // request the test sees comes from the page.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-default-apps'],
  });
}
