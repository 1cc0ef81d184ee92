// The size benchmark's own checks (`pnpm bench size`): each bundle holds a feature's code (a signer,
// pagination, form bodies, OAuth 2.0, security alternatives, idempotency keys) exactly when its spec
// declares the feature. What each spec declares is read from the spec, for every provider of the
// registry; the budgets themselves are reported by the benchmark (see the README).
import { describe, expect, it } from 'vitest';
import { benchSizes, sizeProblems, type SizeResult } from '../../scripts/bench/size.js';
import { readRegistry } from '../../scripts/spec/registry.js';
import { bundled, declaredFeatures, exportFile, importGraph, signersOf, type Spec } from '../helpers/from-specs/bundle-expectations.js';
import { generatedSpec } from '../helpers/from-specs/specs.js';

const providers = (await readRegistry()).map((provider) => provider.name);
const results = await benchSizes();
const of = (slug: string) => results.find((r) => r.slug === slug)!;
const { exclusive } = importGraph(results);
const allSigners = [...new Set(providers.flatMap((provider) => signersOf(generatedSpec(provider) as Spec)))];

describe('bundle contents', () => {
  it('bundles every package of the registry, minified and gzipped', () => {
    expect(results.map((r) => r.slug).sort()).toEqual([...providers].sort());
    for (const r of results) {
      expect(r.gzipBytes).toBeGreaterThan(1000);
      expect(r.gzipBytes).toBeLessThan(r.minBytes);
    }
  });

  describe.each(providers)('%s', (provider) => {
    const spec = generatedSpec(provider) as Spec;

    it('holds the code of each optional feature exactly when its spec declares it, and none of it otherwise', () => {
      const files = bundled(of(provider));
      for (const [feature, declared] of Object.entries(declaredFeatures(spec))) {
        expect(files.has(exportFile(feature)), `${provider}: ${feature} ${declared ? 'declared' : 'not declared'}`).toBe(declared);
        // Not only the feature's entry: no file that only the feature brings (its helpers, its share of shared files).
        if (!declared) expect(exclusive(feature).filter((file) => files.has(file)), `${provider}: ${feature}'s code`).toEqual([]);
      }
    });

    it('holds the signing code of the signers its spec declares, and of no other', () => {
      const result = of(provider);
      const declared = signersOf(spec);
      expect(result.declaredSigners).toEqual(declared);
      if (declared.length === 0) expect(result.signerFiles).toEqual([]);
      const files = bundled(result);
      const own = new Set(declared.flatMap((style) => exclusive(`signers/${style}`)));
      for (const style of declared) {
        expect(exclusive(`signers/${style}`).filter((file) => files.has(file)).length, `${provider}: the ${style} signer's code`).toBeGreaterThan(0);
      }
      for (const other of allSigners.filter((style) => !declared.includes(style))) {
        expect(exclusive(`signers/${other}`).filter((file) => files.has(file) && !own.has(file)), `${provider}: the ${other} signer's code`).toEqual([]);
      }
      for (const file of result.signerFiles) expect(own.has(file), `${provider}: ${file}`).toBe(true);
    });
  });

  it('every optional feature of the runtime is declared by some provider and left out by another, so the checks above check something', () => {
    const features = providers.map((provider) => declaredFeatures(generatedSpec(provider) as Spec));
    for (const feature of Object.keys(features[0]!)) {
      expect(exclusive(feature).length, `${feature} brings code of its own`).toBeGreaterThan(0);
      if (feature === 'oauth2' || feature === 'idempotency') continue; // declared by the fixtures of tests/features only
      expect(features.some((declared) => declared[feature]), `${feature} declared`).toBe(true);
      expect(features.some((declared) => !declared[feature]), `${feature} left out`).toBe(true);
    }
  });

  it('some provider declares a signer, so the signer checks above check something', () => {
    expect(allSigners.length).toBeGreaterThan(0);
    for (const style of allSigners) expect(exclusive(`signers/${style}`).length, style).toBeGreaterThan(0);
  });

  it('the check flags signing code in a bundle whose spec declares none', () => {
    const leaky: SizeResult = { ...results[0]!, declaredSigners: [], signerFiles: ['packages/runtime/dist/signers/cybersource-jwt/jwt.js'] };
    expect(sizeProblems(leaky)).toContainEqual(expect.stringMatching(new RegExp(`${leaky.slug}: declares no signer, yet bundles packages/runtime/dist/signers/cybersource-jwt/jwt\\.js`)));
  });
});
