/**
 * The typing input (scripts/generate/typing-schema.ts) rewrites schemas so that openapi-typescript keeps
 * their rules. It must not change what the schemas mean: for every provider, the original and the
 * rewritten spec accept and reject exactly the same values (every example and every variation of the
 * type-conformance suite). And the rules no spec of ours uses yet (free-form objects) are checked
 * on a fixture spec, through the generator and the TypeScript compiler.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolRoot } from '../../scripts/shared/paths.js';
import { readRegistry } from '../../scripts/spec/registry.js';
import { generateTypes } from '../../scripts/generate/types.js';
import { typingDocument } from '../../scripts/generate/typing-schema.js';
import { compile } from '../helpers/checks/compile.js';
import { generatedSpec, pointerTo, validatorFor } from '../helpers/from-specs/specs.js';
import { typeCases } from '../helpers/from-specs/type-conformance.js';

const providers = (await readRegistry()).map((provider) => provider.name);
const dir = path.join(toolRoot, '.payspec-build', 'typing-fixture');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(providers)('the typing input of %s', (provider) => {
  it('accepts and rejects exactly what the spec does', () => {
    const doc = generatedSpec(provider);
    const rewritten = typingDocument(doc).document;
    const original = validatorFor(doc);
    const typing = validatorFor(rewritten);
    const schemas = Object.keys(doc.components?.schemas ?? {}).map((name) => pointerTo(['components', 'schemas', name]));
    const values = typeCases(doc).map((c) => c.value);
    expect(values.length).toBeGreaterThan(10);
    let compared = 0;
    for (const schema of schemas) {
      for (const value of values) {
        expect(typing(schema, value).length === 0, `${schema} on ${JSON.stringify(value).slice(0, 80)}`).toBe(original(schema, value).length === 0);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });
});

describe('rules on a fixture spec', () => {
  it('a free-form object takes any values; anyOf of required lists keeps both the types and the requirement', async () => {
    const fixture = {
      openapi: '3.1.0',
      info: { title: 'Fixture', version: '1' },
      paths: {},
      components: {
        schemas: {
          Metadata: { type: 'object', description: 'Free-form metadata.' },
          Contact: {
            type: 'object',
            additionalProperties: false,
            properties: { email: { type: 'string' }, phone: { type: 'string' }, metadata: { $ref: '#/components/schemas/Metadata' } },
            anyOf: [{ required: ['email'] }, { required: ['phone'] }],
          },
          Nothing: { const: null },
        },
      },
    };
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'schema.ts'), await generateTypes(fixture));
    writeFileSync(
      path.join(dir, 'check.ts'),
      `import type { Contact, Metadata, Nothing } from './schema.js';
export const metadata: Metadata = { any: 1, thing: { nested: [true] } };
export const contact: Contact = { email: 'a@example.com', metadata: { order: 42 } };
export const byPhone: Contact = { phone: '+33639980102' };
// @ts-expect-error: neither email nor phone
export const neither: Contact = { metadata: {} };
// @ts-expect-error: email is a string
export const wrong: Contact = { email: 1 };
// @ts-expect-error: closed
export const extra: Contact = { email: 'a@example.com', fax: '1' };
export const nothing: Nothing = null;
// @ts-expect-error: const null is null only
export const something: Nothing = 1;
`,
    );
    expect(compile([path.join(dir, 'check.ts')])).toEqual([]);
  });
});
