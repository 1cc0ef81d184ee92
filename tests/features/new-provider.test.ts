/**
 * A provider added with only a spec, an overlay and a registry entry gets from the tests that follow
 * the registry what the registry's providers get, with nothing written for it by hand. The new
 * provider here is the fixture `either-auth` (`tests/fixtures/providers/either-auth/`), built by the
 * real pipeline into a scratch project whose registry holds it (the run's shared build): its bundle
 * is checked by the rules `bundle-size` derives from a spec, and its client makes the call
 * `mock-package` derives from a spec. And no test file lists the registry's providers by hand.
 */
import { mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { benchSizes } from '../../scripts/bench/size.js';
import { listFiles } from '../../scripts/build/outputs.js';
import { toolRoot } from '../../scripts/shared/paths.js';
import { readRegistry } from '../../scripts/spec/registry.js';
import { bundled, declaredFeatures, exportFile, importGraph, signersOf, type Spec } from '../helpers/from-specs/bundle-expectations.js';
import { clientCallOf, okExampleOf } from '../helpers/from-specs/client-call.js';
import { buildFixtureWithMock } from '../helpers/fixture-provider.js';

const NAME = 'either-auth';
const fixture = await buildFixtureWithMock<Record<string, any>>(NAME);
const spec = parse(readFileSync(fixture.spec, 'utf8')) as Spec & Record<string, any>;

describe('a provider added with a spec, an overlay and a registry entry', () => {
  it('is in its project’s registry, and nowhere in this repository’s', async () => {
    expect((await readRegistry(fixture.root)).map((provider) => provider.name)).toEqual([NAME]);
    expect((await readRegistry()).map((provider) => provider.name)).not.toContain(NAME);
  });

  it('passes the bundle checks derived from its spec (bundle-size)', async () => {
    // What an install gives the package: the scratch project's runtime and this repository's openapi-fetch.
    const modules = path.join(fixture.root, 'node_modules');
    mkdirSync(path.join(modules, '@payspec'), { recursive: true });
    symlinkSync(path.join(fixture.root, 'packages/runtime'), path.join(modules, '@payspec/runtime'), 'dir');
    symlinkSync(realpathSync(path.join(toolRoot, 'node_modules/openapi-fetch')), path.join(modules, 'openapi-fetch'), 'dir');
    const [result] = await benchSizes(fixture.root);
    expect(result!.slug).toBe(NAME);
    const files = bundled(result!);
    const features = declaredFeatures(spec);
    // The fixture's root security is a choice by credentials: the check has something to find.
    expect(features.alternatives).toBe(true);
    for (const [feature, declared] of Object.entries(features)) expect(files.has(exportFile(feature)), `${feature} ${declared ? 'declared' : 'not declared'}`).toBe(declared);
    expect(signersOf(spec)).toEqual([]);
    expect(result!.signerFiles).toEqual([]);
    expect(importGraph([result!]).core.size).toBeGreaterThan(5);
  });

  it('makes the call derived from its spec through its generated client (mock-package)', async () => {
    const call = clientCallOf(spec, NAME);
    // GET /widgets/{id} takes the Bearer token only: the call's credentials are the operation's.
    expect(Object.keys(call.options)).toEqual(['token']);
    const factory = Object.keys(fixture.client).find((name) => /^create\w+Client$/.test(name))!;
    const sent: Request[] = [];
    const client = fixture.client[factory]({
      ...call.options,
      fetch: async (request: Request) => {
        sent.push(request);
        return new Response(JSON.stringify(okExampleOf(spec, call.path)), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    const data = await fixture.client.unwrap(client.GET(call.path, { params: { path: call.params } }));
    expect(data).toEqual(okExampleOf(spec, call.path));
    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual([`GET ${spec.servers[0].url}${call.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(call.params[name]!))}`]);
    expect(sent[0]!.headers.get('authorization')).toBe(`Bearer ${call.options.token}`);
  });
});

describe('the test files', () => {
  it('list no set of the registry’s providers by hand (they read the registry)', async () => {
    const names = (await readRegistry()).map((provider) => provider.name);
    const offending: string[] = [];
    for (const file of await listFiles(path.join(toolRoot, 'tests'))) {
      if (!file.endsWith('.ts')) continue;
      readFileSync(path.join(toolRoot, 'tests', file), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          const named = names.filter((name) => new RegExp(`['"\`]${name}['"\`]`).test(line));
          // A case may name a provider or two as its input; three or more on a line is a list.
          if (named.length >= 3) offending.push(`tests/${file}:${index + 1}: ${named.join(', ')}`);
        });
    }
    expect(offending).toEqual([]);
  });
});
