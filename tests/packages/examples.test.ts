import { describe, expect, it } from 'vitest';
import { readRegistry } from '../../scripts/spec/registry.js';
import { collectExamples, generatedSpec, validatorFor } from '../helpers/from-specs/specs.js';

const providers = (await readRegistry()).map((provider) => provider.name);

describe.each(providers)('examples of %s', (provider) => {
  const doc = generatedSpec(provider);
  const sites = collectExamples(doc);
  const check = validatorFor(doc);

  it('has examples for its requests and responses', () => {
    expect(sites.filter((site) => site.direction === 'request').length).toBeGreaterThan(0);
    expect(sites.filter((site) => site.direction === 'response').length).toBeGreaterThan(0);
  });

  it.each(sites.map((site) => [site.pointer, site] as const))('%s conforms to its schema', (_pointer, site) => {
    expect(check(site.schemaPointer, site.value)).toEqual([]);
  });

  it('the validator rejects an example that breaks its schema', () => {
    const request = sites.find((site) => site.direction === 'request' && site.value && typeof site.value === 'object');
    expect(request).toBeDefined();
    // Every property given a value of the wrong type: no typed schema accepts a nested empty array.
    const broken = Object.fromEntries(Object.keys(request!.value as object).map((key) => [key, [[]]]));
    expect(Object.keys(broken).length).toBeGreaterThan(0);
    expect(check(request!.schemaPointer, broken)).not.toEqual([]);
  });
});
