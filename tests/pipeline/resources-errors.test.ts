import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildInProcess, scratchProject, treeHash } from '../helpers/build.js';

/**
 * `x-payspec-resources` (the resources the stateful mock keeps, a root key written in a provider's
 * overlay with `target: $`): the build checks it with the mock's own reader
 * (packages/mock/src/state/resources.mjs, wired in scripts/spec/resources-spec.ts), and a
 * declaration the mock could not serve fails at the overlay line of the key at fault, leaving
 * generated/ and packages/ as they were. A sound one reaches the generated spec.
 *
 * On a scratch copy holding Pin Payments only, whose overlay gets the declaration below in place of
 * any it already has.
 */
const PROVIDER = 'pin-payments';
const OVERLAY = `overlays/${PROVIDER}.overlay.yaml`;
const DECLARATION = `  - target: $
    description: The resources the stateful mock keeps (tests/pipeline/resources-errors.test.ts).
    update:
      x-payspec-resources:
        customers:
          item: /customers/{customer_token}
          idField: token
          envelope: response
          pageSize: 25
          operations: { updateCustomer: merge }
        cards:
          item: /customers/{customer_token}/cards/{card_token}
          idField: token
          envelope: response
`;

/** The overlay without its actions that declare resources (a line-based cut: every overlay writes its actions as `  - target: ...`), then `declaration`. */
function withDeclaration(overlay: string, declaration: string): string {
  const lines = overlay.replace(/\n?$/, '\n').split('\n').slice(0, -1);
  const kept: string[] = [];
  let action: string[] = [];
  const flush = () => {
    if (!action.some((line) => /^\s+x-payspec-resources:/.test(line))) kept.push(...action);
    action = [];
  };
  for (const line of lines) {
    if (/^ {2}- /.test(line) || (line.trim() !== '' && !/^ {3}/.test(line))) flush();
    (/^ {2}- /.test(line) || action.length > 0 ? action : kept).push(line);
  }
  flush();
  const text = `${kept.join('\n')}\n${declaration}`;
  expect(text.match(/x-payspec-resources:/g), 'one declaration of resources in the overlay').toHaveLength(1);
  return text;
}

/** The line (1-based) of the first non-blank character of `snippet`, which must be in `text` once. */
function lineOf(text: string, snippet: string): number {
  const index = text.indexOf(snippet);
  expect(index, `the changed overlay has ${JSON.stringify(snippet)}`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(snippet, index + 1), `${JSON.stringify(snippet)} is in the changed overlay once`).toBe(-1);
  return text.slice(0, index + snippet.search(/\S/)).split('\n').length;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

interface Breakage {
  name: string;
  /** A change of `DECLARATION`. */
  change: (declaration: string) => string;
  /** Each problem: its message (after `x-payspec-resources: `), and the text of the line it must point at. */
  problems: { message: RegExp; at: string }[];
}

const breakages: Breakage[] = [
  {
    name: 'an unknown key in a resource declaration',
    change: (text) => text.replace('          pageSize: 25\n', '          pageSize: 25\n          colour: blue\n'),
    problems: [{ message: /resource customers: unknown key "colour" \(known: item, idField, idFormat, envelope, parent, order, pageSize, operations\)/, at: 'colour: blue' }],
  },
  {
    name: 'a list order that is not one',
    change: (text) => text.replace('          pageSize: 25\n', '          pageSize: 25\n          order: latest\n'),
    problems: [{ message: /resource customers: order must be one of oldest-first, newest-first, not "latest"/, at: 'order: latest' }],
  },
  {
    name: 'an item path the spec does not have',
    change: (text) => text.replace('item: /customers/{customer_token}\n', 'item: /customer/{customer_token}\n'),
    problems: [{ message: /resource customers: item "\/customer\/\{customer_token\}" is not a path of the spec/, at: 'item: /customer/{customer_token}' }],
  },
  {
    name: 'an idField the item has no property for',
    change: (text) => text.replace('card_token}\n          idField: token', 'card_token}\n          idField: uid'),
    problems: [{ message: /resource cards: the item has no property "uid" to hold its id \(declare idField\)/, at: 'idField: uid' }],
  },
  {
    name: 'an idField left to its default, which the item does not have (reported at the resource)',
    change: (text) => text.replace('card_token}\n          idField: token\n', 'card_token}\n'),
    problems: [{ message: /resource cards: the item has no property "id" to hold its id \(declare idField\)/, at: '        cards:' }],
  },
  {
    name: 'a role for an operationId the spec does not have (in a flow mapping)',
    change: (text) => text.replace('{ updateCustomer: merge }', '{ updateCustomr: merge }'),
    problems: [{ message: /resource customers: no operation has the operationId "updateCustomr"/, at: '{ updateCustomr: merge }' }],
  },
  {
    name: 'several problems, each at its line',
    change: (text) => text.replace('          pageSize: 25\n', '          pageSize: 25\n          colour: blue\n').replace('card_token}\n          idField: token', 'card_token}\n          idField: uid'),
    problems: [
      { message: /resource customers: unknown key "colour"/, at: 'colour: blue' },
      { message: /resource cards: the item has no property "uid"/, at: 'idField: uid' },
    ],
  },
];

describe.concurrent('x-payspec-resources', () => {
  it.each(breakages.map((b) => [b.name, b] as const))('fails the build at its overlay line: %s', async (_name, breakage) => {
    const scratch = scratchProject([PROVIDER]);
    try {
      const before = await treeHash(scratch.root);
      const declaration = breakage.change(DECLARATION);
      expect(declaration, 'the change changes the declaration').not.toBe(DECLARATION);
      scratch.edit(OVERLAY, (text) => withDeclaration(text, declaration));
      const overlay = scratch.read(OVERLAY);
      const run = await buildInProcess([], scratch.root);
      expect(run.status, run.output).toBe(1);
      breakage.problems.forEach(({ message, at }, index) => {
        const where = `${escape(OVERLAY)}:${lineOf(overlay, at)}:\\d+: x-payspec-resources: ${message.source}`;
        // The first problem is the error's; with several, each is also listed at its own line below it.
        if (index === 0) expect(run.output).toMatch(new RegExp(`✖ \\[${PROVIDER}\\] ${where}`));
        if (breakage.problems.length > 1) expect(run.output).toMatch(new RegExp(`^ {4}${where}`, 'm'));
      });
      if (breakage.problems.length > 1) expect(run.output).toContain(`(and ${breakage.problems.length - 1} more problem`);
      expect(await treeHash(scratch.root)).toBe(before);
    } finally {
      scratch.remove();
    }
  });

  it('a sound declaration builds and reaches the generated spec and the package', async () => {
    const scratch = scratchProject([PROVIDER]);
    try {
      scratch.edit(OVERLAY, (text) => withDeclaration(text, DECLARATION));
      const run = await buildInProcess([], scratch.root);
      expect(run.status, run.output).toBe(0);
      const declared = (parse(DECLARATION) as { update: Record<string, unknown> }[])[0]!.update['x-payspec-resources'];
      for (const file of [`generated/${PROVIDER}/openapi.yaml`, `packages/${PROVIDER}/openapi.yaml`]) {
        expect((parse(scratch.read(file)) as Record<string, unknown>)['x-payspec-resources'], file).toEqual(declared);
      }
    } finally {
      scratch.remove();
    }
  });
});
