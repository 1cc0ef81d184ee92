import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { readRegistry } from '../scripts/lib/registry.js';
import { collectExamples, generatedSpec } from './helpers/specs.js';

const providers = (await readRegistry()).map((provider) => provider.name);

/** An Ajv for one spec: 2020-12 dialect, formats checked, the spec loaded so that $refs resolve. */
function validatorFor(doc: Record<string, any>) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  // OpenAPI's own numeric formats only document the size; JSON Schema has no validator for them.
  for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, true);
  ajv.addSchema(doc, 'spec');
  return (schemaPointer: string, value: unknown) => {
    const validate = ajv.compile({ $ref: `spec${schemaPointer}` });
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  };
}

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
