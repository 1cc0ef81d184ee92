// `@payspec/runtime/alternatives`: the choice between the root security's alternatives by the
// credentials a client is given, for the generated packages whose spec offers one. Other packages
// never import it.
import { choosesByCredentials, schemeOptions, type AuthDefinition, type CredentialChoiceModule, type Credentials } from '../core/auth/auth.js';
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

/** What a generated package passes to its client as `definition.credentialChoice`. */
export const credentialChoice: CredentialChoiceModule = { choose, switchTo };
