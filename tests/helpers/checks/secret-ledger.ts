import { inspect } from 'node:util';
import { expect } from 'vitest';

/**
 * Searches errors and log events for secrets and keeps count: every (secret, surface) pair looked
 * at is one search, and every hit is recorded with where it was found. An adversarial suite ends by
 * asserting many searches and no hits.
 */
export class SecretLedger {
  searches = 0;
  readonly found: string[] = [];

  constructor(private readonly secrets: () => readonly string[]) {}

  /** The surfaces of a thrown value: message, stack, each `cause` down the chain, and util.inspect. */
  scanError(label: string, error: unknown): void {
    const surfaces: [string, string][] = [['inspect', inspect(error, { depth: Infinity, showHidden: true })]];
    let current: unknown = error;
    for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
      if (current instanceof Error) {
        surfaces.push([`message@${depth}`, current.message], [`stack@${depth}`, current.stack ?? '']);
        current = (current as { cause?: unknown }).cause;
      } else {
        surfaces.push([`cause@${depth}`, typeof current === 'string' ? current : inspect(current, { depth: Infinity })]);
        break;
      }
    }
    this.#search(label, surfaces);
  }

  /** Every log event, as JSON and as util.inspect prints it. */
  scanEvents(label: string, events: readonly unknown[]): void {
    this.#search(
      label,
      events.flatMap((event, i): [string, string][] => [
        [`event#${i} json`, JSON.stringify(event)],
        [`event#${i} inspect`, inspect(event, { depth: Infinity })],
      ]),
    );
  }

  #search(label: string, surfaces: [string, string][]): void {
    const secrets = this.secrets().filter((secret) => secret.length >= 4);
    expect(secrets.length, 'the ledger has secrets to search for').toBeGreaterThan(0);
    for (const [surface, text] of surfaces) {
      for (const secret of secrets) {
        this.searches++;
        if (text.includes(secret)) this.found.push(`${label}: ${surface} holds a secret (${secret.slice(0, 3)}…)`);
      }
    }
  }
}
