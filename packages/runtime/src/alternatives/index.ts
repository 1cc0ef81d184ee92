// `@payspec/runtime/alternatives`: security requirements that list alternatives, for the generated
// packages whose spec has any (`hasAlternatives`): the root's chosen by the credentials a client is
// given or by an option (CyberSource's `authentication`), and each operation's own requirement
// resolved against that choice. Other packages never import it: their requirements are one list each.
import {
  createAuthenticator,
  credentialsWithEnvironment,
  schemeOptions,
  schemesOf,
  type AuthDefinition,
  type AuthPlan,
  type AuthScheme,
  type Authenticator,
  type Credentials,
  type SecurityAlternativesModule,
  type CredentialChoiceModule,
  type SecurityRequirements,
  type TokenAuthenticators,
} from '../core/auth/auth.js';
import { ConfigurationError } from '../core/errors.js';
import { environmentVariable } from '../core/auth/platform.js';

/** One alternative of the root `security` that the client may be given the credentials of. */
export interface Alternative {
  schemes: readonly string[];
  /** Every client option the alternative's schemes read. */
  options: string[];
  /** The options no other alternative reads: giving one of them picks this alternative. */
  own: string[];
}

/**
 * The alternatives a client chooses between by the credentials it is given (see
 * `choosesByCredentials`), each with its options; `optional` when the root also lists `{}`.
 * Undefined when there is no such choice. The generator checks with it that each alternative has
 * an option of its own.
 */
export function credentialAlternatives(definition: Pick<AuthDefinition, 'auth' | 'security'>): { alternatives: Alternative[]; optional: boolean } | undefined {
  if (!choosesByCredentials(definition)) return undefined;
  const security = definition.security!;
  const listed = security.filter((alternative) => alternative.length > 0);
  const optionsOf = listed.map((alternative) => [...new Set(alternative.flatMap((name) => definition.auth.filter((scheme) => scheme.name === name).flatMap(schemeOptions)))]);
  const alternatives = listed.map((schemes, i) => ({
    schemes,
    options: optionsOf[i]!,
    own: optionsOf[i]!.filter((option) => !optionsOf.some((other, j) => j !== i && other.includes(option))),
  }));
  return { alternatives, optional: listed.length < security.length };
}

/**
 * The alternative whose own options are given, else the one whose environment variables are set.
 * Options of two alternatives (or, with none given, variables of two) are a `ConfigurationError`;
 * so is nothing at all (unless the root lists `{}`), and the error names every alternative with
 * its variables. Returns the schemes of the other alternatives, which the client does not use.
 */
function choose(definition: AuthDefinition, options: Credentials): Set<string> {
  const { provider, credentials: rules } = definition;
  const { alternatives, optional } = credentialAlternatives(definition)!;
  const ruleOf = (option: string) => rules.find((rule) => rule.option === option);
  const given = (alternative: Alternative) => alternative.own.filter((option) => options[option] !== undefined);
  // The variables an alternative's own options would fall back to that are set.
  const set = (alternative: Alternative) =>
    alternative.own.flatMap((option) => {
      const variable = ruleOf(option)?.env;
      return variable && environmentVariable(variable) !== undefined ? [variable] : [];
    });
  let chosen = alternatives.filter((alternative) => given(alternative).length > 0);
  if (chosen.length > 1) {
    const list = chosen.map((alternative) => given(alternative).map((option) => `\`${option}\``).join(', ')).join('; ');
    throw new ConfigurationError(given(chosen[1]!)[0]!, `${provider}: the options of ${chosen.length} security alternatives were given (${list}): pass the credentials of one of them only.`);
  }
  if (chosen.length === 0) chosen = alternatives.filter((alternative) => set(alternative).length > 0);
  if (chosen.length > 1) {
    const list = chosen.map((alternative) => set(alternative).join(', ')).join('; ');
    throw new ConfigurationError('credentials', `${provider}: the environment variables of ${chosen.length} security alternatives are set (${list}): pass the credentials of one of them as options, or unset the others.`);
  }
  if (chosen.length === 0 && !optional) {
    const describe = (alternative: Alternative) => {
      const required = alternative.options.filter((option) => !ruleOf(option)?.optional);
      const listed = required.length > 0 ? required : alternative.options;
      const variables = listed.flatMap((option) => (ruleOf(option)?.env ? [ruleOf(option)!.env!] : []));
      const or = variables.length > 0 ? `; or the ${variables.join(' and ')} environment variable${variables.length > 1 ? 's' : ''}` : '';
      return `${listed.map((option) => `\`${option}\``).join(' and ')} (${alternative.schemes.join(' + ')}${or})`;
    };
    throw new ConfigurationError('credentials', `${provider}: credentials are required, those of one of these alternatives: ${alternatives.map(describe).join(', or ')}.`);
  }
  const kept = new Set(chosen.flatMap((alternative) => alternative.schemes));
  return new Set(alternatives.flatMap((alternative) => alternative.schemes).filter((name) => !kept.has(name)));
}

/**
 * When `withOptions(next)` gives the credentials of another alternative, the current
 * alternative's are dropped, so that `withOptions({ token })` switches a client from Basic to Bearer.
 */
function switchTo(definition: AuthDefinition, current: Credentials, next: Credentials): Credentials {
  const choice = credentialAlternatives(definition);
  const target = choice?.alternatives.find((alternative) => alternative.own.some((option) => next[option] !== undefined));
  if (!choice || !target) return current;
  const drop = new Set(choice.alternatives.flatMap((alternative) => (alternative === target ? [] : alternative.options)).filter((option) => !target.options.includes(option)));
  return Object.fromEntries(Object.entries(current).filter(([option]) => !drop.has(option)));
}

/**
 * Whether the root `security` lists alternatives that a client chooses between by the credentials
 * it is given: two or more (or one besides `{}`), none of them chosen by an option (signer schemes
 * with `choice`, such as CyberSource's `authentication`).
 */
export function choosesByCredentials(definition: Pick<AuthDefinition, 'auth' | 'security'>): boolean {
  const security = definition.security ?? [];
  const listed = security.filter((alternative) => alternative.length > 0);
  return (
    listed.length > (listed.length < security.length ? 0 : 1) &&
    !listed.some((alternative) => alternative.some((name) => definition.auth.some((scheme) => scheme.name === name && scheme.type === 'signer' && scheme.choice)))
  );
}

/**
 * Decides which schemes a client uses and which credentials it needs: of the root's alternatives,
 * the one chosen by the credentials given (`choose`) or by an option (signers with
 * `choice`); the environment variables of the others are not read.
 */
function plan(definition: AuthDefinition, options: Credentials): AuthPlan {
  const { provider, auth, credentials: rules } = definition;
  checkChoices(provider, auth, options);
  let excluded = new Set<string>();
  if (choosesByCredentials(definition)) {
    if (!definition.credentialChoice) throw new ConfigurationError('auth', `${provider}: the choice between security alternatives by credentials was not given to the client (the package must import credentialChoice from @payspec/runtime/alternatives).`);
    excluded = definition.credentialChoice.choose(definition, options);
  } else if (definition.security) {
    // Alternatives chosen by an option (CyberSource's `authentication`): the schemes of the others are off.
    const signed = definition.security.filter((alternative) => alternative.some((name) => auth.some((scheme) => scheme.name === name && scheme.type === 'signer' && scheme.choice)));
    const kept = new Set(signed.filter((alternative) => alternative.some((name) => auth.some((scheme) => scheme.name === name && scheme.type === 'signer' && scheme.choice && isChosen(scheme, options)))).flat());
    if (signed.length > 1) excluded = new Set(signed.flat().filter((name) => !kept.has(name)));
  }
  // A rule applies when a scheme the client may use reads its option (or no scheme does).
  const applicable = rules.filter((rule) => {
    const schemes = auth.filter((scheme) => schemeOptions(scheme).includes(rule.option));
    return schemes.length === 0 || schemes.some((scheme) => scheme.name === undefined || !excluded.has(scheme.name));
  });
  return { credentials: credentialsWithEnvironment(applicable, options), rules: applicable, excluded };
}

/**
 * The authenticator of each operation: its own `security` (else the root's) resolved against what
 * the client was given. The first alternative whose schemes the client has credentials for applies,
 * and only its schemes; `[]` (or `{}` when nothing else is available) means none. An operation
 * that takes only schemes of an alternative the client was not given fails with a
 * `ConfigurationError` before anything is sent.
 */
function authentication(definition: AuthDefinition, plan: AuthPlan, tokens?: TokenAuthenticators): (operation: string) => Authenticator {
  const { provider, auth } = definition;
  const { credentials, excluded } = plan;
  const chosen = (schemes: readonly AuthScheme[]) => schemes.filter((scheme) => isChosen(scheme, credentials));
  const ruleOf = (option: string) => plan.rules.find((rule) => rule.option === option);
  const present = (option: string) => typeof credentials[option] === 'string' && credentials[option] !== '';
  // A scheme is usable when the client may use it and has each credential it cannot do without.
  const usable = (name: string) =>
    !excluded.has(name) &&
    auth.every((scheme) => scheme.name !== name || !isChosen(scheme, credentials) || schemeOptions(scheme).every((option) => present(option) || ruleOf(option)?.optional === true));
  type Refusal = { option: string; needs: string };
  const cache = new Map<SecurityRequirements | undefined, Authenticator | Refusal>();
  const build = (security: SecurityRequirements | undefined): Authenticator | Refusal => {
    if (!security) return createAuthenticator(provider, chosen(auth), credentials, definition.signers, tokens);
    const alternative =
      security.length === 0 || security.some((schemes) => schemes.length === 0 && !security.some((others) => others.length > 0 && others.every(usable)))
        ? []
        : (security.find((schemes) => schemes.every(usable)) ?? security.find((schemes) => schemes.every((name) => !excluded.has(name))));
    if (!alternative) {
      const optionsOf = (name: string) => [...new Set(auth.filter((scheme) => scheme.name === name).flatMap(schemeOptions))];
      const needs = security.map((schemes) => schemes.map((name) => `\`${name}\` (${optionsOf(name).map((option) => `\`${option}\``).join(', ')})`).join(' + ')).join(' or ');
      return { option: optionsOf(security[0]![0]!)[0] ?? 'credentials', needs };
    }
    return createAuthenticator(provider, chosen(schemesOf(auth, alternative)), credentials, definition.signers, tokens, auth);
  };
  return (operation) => {
    const security = definition.operationSecurity?.[operation] ?? definition.security;
    let found = cache.get(security);
    if (!found) cache.set(security, (found = build(security)));
    if (typeof found === 'function') return found;
    throw new ConfigurationError(found.option, `${operation}: the operation accepts ${found.needs} only, and the client was created with the credentials of another security alternative.`);
  };
}

/** Checks the options that choose between schemes, such as CyberSource's `authentication`. */
function checkChoices(provider: string, schemes: readonly AuthScheme[], options: Credentials): void {
  const choices = new Map<string, string[]>();
  for (const scheme of schemes) {
    if (scheme.type === 'signer' && scheme.choice) choices.set(scheme.choice.option, [...(choices.get(scheme.choice.option) ?? []), scheme.choice.value]);
  }
  for (const [option, values] of choices) {
    const value = options[option];
    if (value !== undefined && !values.includes(value as string)) {
      throw new ConfigurationError(option, `${provider}: \`${option}\` must be one of ${values.map((v) => `'${v}'`).join(', ')}.`);
    }
  }
}

function isChosen(scheme: AuthScheme, options: Credentials): boolean {
  if (scheme.type !== 'signer' || !scheme.choice) return true;
  const value = options[scheme.choice.option];
  return value === undefined ? scheme.choice.default === true : value === scheme.choice.value;
}

/** What a generated package passes to its client as `definition.alternatives`. */
export const securityAlternatives: SecurityAlternativesModule = { plan, authentication };

/** What a generated package whose root security is chosen by credentials also passes, as `definition.credentialChoice`. */
export const credentialChoice: CredentialChoiceModule = { choose, switchTo };
