/**
 * New ids look like the provider's: inferred from the ids of the spec's examples (a prefix of
 * lower-case words kept, the rest drawn from the same characters and of the same length), or made
 * from a declared template. Every provider's inferred form matches its id schema (the build
 * refuses one that does not: see tests/pipeline/resources-errors.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { fromTemplate, inferTemplate } from '../../packages/mock/src/state/ids.mjs';
import { readResources } from '../../packages/mock/src/state/resources.mjs';
import { readRegistry } from '../../scripts/spec/registry.js';
import { generatedSpec } from '../helpers/from-specs/specs.js';

const providers = (await readRegistry()).map((provider) => provider.name);

describe('id forms', () => {
  it.each([
    ['cust_9Cle7TXKkjhwqcWx4Kl5cQYk', 'cust_{alnum:24}'],
    ['cus_XyMvMg-m2vpz1HRxa6bADQ', 'cus_{base64url:22}'],
    ['sk_test_ABC123def456ghi789', 'sk_test_{alnum:18}'],
    ['D9F340DD3DB9C276E053A2598D0A41A3', '{HEX:32}'],
    ['caedbbbe-7d93-476f-b965-bf97cd7ce874', '{uuid}'],
    ['12345', '{digits:5}'],
  ])('%s gives %s', (id, template) => {
    expect(inferTemplate([id])).toBe(template);
  });

  it('draws a new id each time, of the template\'s form', () => {
    const make = fromTemplate('cus_{base64url:22}');
    if (typeof make === 'string') throw new Error(make);
    const ids = Array.from({ length: 1000 }, make);
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^cus_[A-Za-z0-9_-]{22}$/);
  });

  it('refuses a template without a placeholder (every id would be the same)', () => {
    expect(fromTemplate('cus_fixed')).toMatch(/has no placeholder/);
  });

  it.each(providers)('%s: new ids differ from the examples and keep their prefix', (provider) => {
    const { resources, problems } = readResources(generatedSpec(provider));
    expect(problems).toEqual([]);
    for (const resource of resources) {
      const example = String((resource.examples[0] as Record<string, unknown>)[resource.idField]);
      const made = resource.newId();
      expect(made).not.toBe(example);
      expect(made.length).toBe(example.length);
      expect(made.slice(0, /^(?:[a-z]+_)*/.exec(example)![0].length)).toBe(/^(?:[a-z]+_)*/.exec(example)![0]);
    }
  });
});
