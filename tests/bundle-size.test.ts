// The size benchmark's own checks (`pnpm bench size`): each bundle holds signing code only when its
// spec declares a signer. The budgets themselves are reported by the benchmark (see the README).
import { describe, expect, it } from 'vitest';
import { benchSizes, sizeProblems, type SizeResult } from '../scripts/lib/bench-size.js';

const results = await benchSizes();
const of = (slug: string) => results.find((r) => r.slug === slug)!;

describe('bundle contents', () => {
  it('bundles every package, minified and gzipped', () => {
    expect(results.map((r) => r.slug).sort()).toEqual(['cybersource', 'pin-payments', 'pingpp', 'reportei', 'stancer']);
    for (const r of results) {
      expect(r.gzipBytes).toBeGreaterThan(1000);
      expect(r.gzipBytes).toBeLessThan(r.minBytes);
    }
  });

  it('a Stancer, Reportei or Pin Payments bundle holds no signing code, pagination only where the spec pages, forms only where it takes them', () => {
    for (const slug of ['stancer', 'reportei', 'pin-payments']) expect(of(slug).signerFiles).toEqual([]);
    const files = (slug: string) => of(slug).inputs.map((input) => input.file);
    expect(files('stancer').some((f) => /runtime\/dist\/(pagination|form)\.js$/.test(f))).toBe(false);
    expect(files('reportei')).toContain('packages/runtime/dist/pagination.js');
    expect(files('pin-payments')).toContain('packages/runtime/dist/form.js');
  });

  it('CyberSource bundles its two signers and Ping++ its own, nothing else', () => {
    expect(of('cybersource').declaredSigners).toEqual(['cybersource-jwt', 'http-signature']);
    expect(of('cybersource').signerFiles).toContain('packages/runtime/dist/signers/http-signature.js');
    expect(of('cybersource').signerFiles.some((f) => /pingpp/.test(f))).toBe(false);
    expect(of('pingpp').signerFiles).toContain('packages/runtime/dist/signing/pingpp-signature.js');
    expect(of('pingpp').signerFiles.some((f) => /http-signature|jwt/.test(f))).toBe(false);
  });

  it('no bundle carries OAuth 2.0 or the choice between security alternatives, which none of the five specs needs', () => {
    for (const result of results) expect(result.inputs.map((input) => input.file).filter((f) => /runtime\/dist\/(oauth2|alternatives)\.js$/.test(f))).toEqual([]);
  });

  it('the check flags signing code in a bundle whose spec declares none', () => {
    const leaky: SizeResult = { ...of('stancer'), signerFiles: ['packages/runtime/dist/signing/jwt.js'] };
    expect(sizeProblems(leaky)).toContainEqual(expect.stringMatching(/stancer: declares no signer, yet bundles packages\/runtime\/dist\/signing\/jwt\.js/));
  });
});
