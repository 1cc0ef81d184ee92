import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED } from '../scripts/lib/header.js';
import { toolRoot } from '../scripts/lib/paths.js';
import { readRegistry } from '../scripts/lib/registry.js';
import { generatedSpec } from './helpers/specs.js';

const providers = (await readRegistry()).map((provider) => provider.name);
const read = (file: string) => readFileSync(path.join(toolRoot, 'generated', 'docs', file), 'utf8');

describe('generated docs', () => {
  it('the index links a page for every provider of the registry', () => {
    const index = read('index.html');
    expect(index.startsWith(`<!-- ${GENERATED} -->`)).toBe(true);
    for (const provider of providers) {
      expect(index).toContain(`href="${provider}.html"`);
      expect(index).toContain(generatedSpec(provider).info.title);
    }
  });

  it.each(providers)('the %s page documents every operation and loads nothing from a CDN', (provider) => {
    const page = read(`${provider}.html`);
    expect(page.startsWith(`<!-- ${GENERATED} -->`)).toBe(true);
    const doc = generatedSpec(provider);
    const operationIds = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((item) =>
      Object.values(item).flatMap((op) => (op && typeof op === 'object' && op.operationId ? [op.operationId] : [])),
    );
    expect(operationIds.length).toBeGreaterThan(0);
    for (const id of operationIds) expect(page).toContain(`"operationId":"${id}"`);
    expect(page).not.toMatch(/<script[^>]+src=|modulepreload[^>]+https:/);
  });
});
