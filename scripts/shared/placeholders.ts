/**
 * Placeholder credentials of the form a spec declares (never a real key), for clients whose requests
 * never reach the provider: the tests' and `pnpm bench mock`'s.
 */
import { createRequire } from 'node:module';

// randexp is CommonJS (`module.exports = RandExp`) while its types declare a default export.
const RandExp = createRequire(import.meta.url)('randexp') as typeof import('randexp').default;

interface CredentialRule {
  option: string;
  optional?: boolean;
  pattern?: string;
}
type Spec = { security?: Record<string, unknown>[]; components?: { securitySchemes?: Record<string, { 'x-payspec-credential'?: CredentialRule; 'x-payspec-credentials'?: CredentialRule[] }> } };

/**
 * A placeholder of the form a credential's `pattern` asks for, made from the pattern itself: the
 * first choice of each alternation and the fewest repetitions, then `placeholder` appended where
 * the pattern allows it (`^(stest|sprod)_` gives `stest_placeholder`). Never a real key.
 */
export function placeholderFor(pattern: string | undefined): string {
  if (!pattern) return 'payspec-placeholder';
  const generator = new RandExp(pattern);
  generator.randInt = (from: number) => from;
  const base = generator.gen();
  const matches = new RegExp(pattern);
  const found = [`${base}placeholder`, base].find((candidate) => matches.test(candidate));
  if (found === undefined) throw new Error(`no placeholder matches the credential pattern ${pattern}`);
  return found;
}

/**
 * Placeholder client options for the credentials a spec's first security alternative requires, each
 * of the form its `x-payspec-credential` declares (so the client accepts it), for a client whose
 * requests never reach the provider.
 */
export function placeholderCredentials(spec: Spec): Record<string, string> {
  const schemes = spec.components?.securitySchemes ?? {};
  const names = Object.keys(spec.security?.[0] ?? {});
  const rules = names.flatMap((name) => [schemes[name]?.['x-payspec-credential'], ...(schemes[name]?.['x-payspec-credentials'] ?? [])]).filter((rule): rule is CredentialRule => rule !== undefined && !rule.optional);
  return Object.fromEntries(rules.map((rule) => [rule.option, placeholderFor(rule.pattern)]));
}
