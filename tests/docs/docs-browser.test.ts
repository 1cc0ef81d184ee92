/**
 * The docs as a reader meets them: every page opened from its file (as by a double-click) in a
 * real headless Chromium. Every operation of the spec is listed and shown with a TypeScript and a
 * curl sample, the index links each one, no request leaves the machine, and Chinese text (the
 * Ping++ documents quote theirs) is there and marked as Chinese. Screenshots go to `.payspec-build/screenshots/` for a person.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolRoot } from '../../scripts/shared/paths.js';
import { readRegistry } from '../../scripts/spec/registry.js';
import { launchBrowser } from '../helpers/browser.js';
import { heavyWork } from '../helpers/concurrency.js';
import { generatedSpec } from '../helpers/from-specs/specs.js';

const providers = (await readRegistry()).map((provider) => provider.name);
const docsUrl = (file: string) => {
  const [name, hash] = file.split('#');
  return pathToFileURL(path.join(toolRoot, 'generated', 'docs', name!)).href + (hash === undefined ? '' : `#${hash}`);
};
const screenshots = path.join(toolRoot, '.payspec-build', 'screenshots');
const PAGE_STATE_TIMEOUT = 120_000;
const TEST_TIMEOUT = 600_000;

interface Operation {
  method: string;
  path: string;
  summary: string;
}
function operationsOf(provider: string): Operation[] {
  const doc = generatedSpec(provider) as { paths: Record<string, Record<string, { operationId?: string; summary?: string }>> };
  return Object.entries(doc.paths).flatMap(([route, item]) =>
    Object.entries(item).flatMap(([method, op]) => (op?.operationId ? [{ method: method.toUpperCase(), path: route, summary: op.summary ?? '' }] : [])),
  );
}

/** The longest run of Chinese characters in a text (empty when there is none). */
const longestHanRun = (text: string) => (text.match(/\p{Script=Han}+/gu) ?? []).reduce((longest, run) => (run.length > longest.length ? run : longest), '');

// Everything the pages request, and what a page reported as an error, by page.
const requested: string[] = [];
const problems: string[] = [];
const local = (url: string) => /^(file|data|blob):/.test(url) || /^https?:\/\/127\.0\.0\.1[:/]/.test(url);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

/** A fresh context (no remembered sample language) that lets no request leave the machine. */
async function open(file: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  // Every wait below is for a state (the page loaded, an element shown, a text rendered). The limit
  // is a safety net for a state that never comes, not a budget: a busy 2-core machine takes 10 s
  // and more to load and hydrate a page, so it is generous, and still reports what it waited for
  // before the test's own timeout.
  context.setDefaultTimeout(PAGE_STATE_TIMEOUT);
  await context.route(
    (url) => !local(url.href),
    (route) => route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => problems.push(`${file}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${file}: console: ${message.text()}`);
  });
  await page.goto(docsUrl(file));
  return { context, page };
}

/** The index's links to operations, by provider: `[text, href]`. The pages are reached by them. */
let indexLinks: Record<string, [string, string][]> = {};
beforeAll(async () => {
  const { context, page } = await heavyWork(() => open('index.html'));
  const links = await page.locator('a[href*=".html#/"]').evaluateAll((anchors) => anchors.map((a) => [(a as HTMLElement).innerText, a.getAttribute('href')!] as [string, string]));
  indexLinks = Object.fromEntries(providers.map((provider) => [provider, links.filter(([, href]) => href.startsWith(`${provider}.html#/`))]));
  await page.screenshot({ path: path.join(screenshots, 'index.png'), fullPage: true });
  await context.close();
});

describe('the docs in a real browser', () => {
  it('the index links every operation of every provider to its place on the page', () => {
    for (const provider of providers) {
      const operations = operationsOf(provider);
      expect(indexLinks[provider], provider).toHaveLength(operations.length);
      for (const op of operations) expect(indexLinks[provider]!.some(([text]) => text.includes(op.method) && text.includes(op.path) && text.includes(op.summary))).toBe(true);
    }
  });

  describe.concurrent.each(providers)('%s', (provider) => {
    // Concurrent tests assert with their own `expect`.
    // One page at a time per core: five pages hydrating at once on 2 cores took 10 s and more each.
    it('lists every operation and shows its TypeScript and curl samples, and its Chinese text marked as such', ({ expect }) => heavyWork(async () => {
      const operations = operationsOf(provider);
      const spec = generatedSpec(provider) as { servers: { url: string }[] };
      const anchorOf = (op: Operation) => {
        const href = indexLinks[provider]!.find(([text]) => text.includes(op.method) && text.includes(op.path))?.[1];
        expect(href, `${provider} ${op.method} ${op.path} in the index`).toBeDefined();
        return href!.slice(href!.indexOf('#'));
      };
      // Opened as the index's link opens it; Redoc then routes by the fragment.
      const { context, page } = await open(`${provider}.html${anchorOf(operations[0]!)}`);
      await page.waitForSelector('a[href^="#/"]');

      // An operation's heading (it links to itself) and its sample panel, reached by the index's fragment.
      const visit = async (op: Operation) => {
        const anchor = anchorOf(op);
        await page.evaluate((hash) => (location.hash = hash), anchor);
        // Redoc renders an operation's section in steps: wait for the heading with its text.
        const heading = page.locator(`h2:has(a[href="${anchor}"])`, { hasText: op.summary });
        await heading.waitFor({ state: 'visible' });
        // Listed in the sidebar, with its method.
        const entry = page.locator(`[data-component-name="Menu/MenuItem"] a[href="${anchor}"]`).first();
        await expect.poll(() => entry.isVisible(), { message: `${op.summary} in the sidebar`, timeout: PAGE_STATE_TIMEOUT }).toBe(true);
        expect(await entry.innerText()).toContain(op.method);
        const samples = heading.locator('xpath=ancestor::*[.//*[contains(@class, "panel-request-samples")]][1]').locator('.panel-request-samples');
        // The sample's code, once rendered (Redoc fills the panel after the heading).
        const source = async (pattern: RegExp) => {
          await expect.poll(() => samples.locator('pre').first().innerText(), { timeout: PAGE_STATE_TIMEOUT }).toMatch(pattern);
          return samples.locator('pre').first().innerText();
        };
        return { samples, source };
      };

      // TypeScript first: the provider's package, the operation's method and path.
      const clientFactory = new RegExp(`import \\{ create\\w+Client, unwrap \\} from '@payspec/${provider}'`);
      for (const op of operations) {
        const { source } = await visit(op);
        expect(await source(clientFactory)).toContain(`.${op.method}('${op.path}'`);
      }
      const first = await visit(operations[0]!);
      await page.screenshot({ path: path.join(screenshots, `${provider}-typescript.png`) });

      // Then curl, chosen once in the sample's language menu, for every operation.
      await first.samples.getByRole('button', { name: 'TypeScript' }).click();
      await page.getByRole('menuitem', { name: 'curl' }).first().click();
      const server = spec.servers[0]!.url.replace(/\/+$/, '');
      for (const op of operations) {
        const { source } = await visit(op);
        await source(new RegExp(`^(# .*\\n)?curl -X ${op.method} '${server.replace(/[.+?]/g, '\\$&')}/`));
      }
      await visit(operations[0]!);
      await page.screenshot({ path: path.join(screenshots, `${provider}-curl.png`) });

      // Chinese text (Ping++'s documents quote theirs) is shown and marked as Chinese, every
      // passage of it, on the page with every operation rendered.
      const { marked, unmarked, text } = await page.evaluate(() => {
        const result = { marked: 0, unmarked: [] as string[], text: document.body.innerText };
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const element = node.parentElement!;
          // Code (samples, examples, schemas' values) is data, not prose in a language.
          if (!/\p{Script=Han}/u.test(node.textContent ?? '') || element.closest('pre, code, script, style')) continue;
          if (element.closest('[lang^="zh"]')) result.marked += 1;
          else result.unmarked.push(node.textContent!.trim().slice(0, 60));
        }
        return result;
      });
      expect(unmarked).toEqual([]);
      const chinese = longestHanRun(String((spec as { info?: { description?: string } }).info?.description ?? ''));
      if (chinese) {
        expect(text).toContain(chinese);
        expect(marked).toBeGreaterThan(0);
      }
      await context.close();
    }), TEST_TIMEOUT);
  });

  it('no page requested anything outside the machine, and none reported an error', () => {
    expect(requested.some((url) => /\/redoc-[\d.]+\.js$/.test(url))).toBe(true);
    expect(requested.filter((url) => !local(url))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
