/** A request about to be sent, as an authenticator sees it: the exact body bytes included. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array | undefined;
}

/** Headers for one attempt of a request, computed from the request itself (a signature, a token over the body). */
export type Signer = (request: OutgoingRequest) => Promise<Record<string, string>>;

/**
 * A signing style, as a subpath of the runtime exports it (`@payspec/runtime/signers/<style>`).
 * A generated package imports only the styles its spec declares, so no other bundle carries them.
 */
export interface SignerModule {
  /** The style's name, as `x-payspec-signer.style` spells it. */
  style: string;
  /** Why the style cannot work in a browser, when it cannot; the client then refuses to run it there. */
  browserProblem?: string;
  /**
   * The signer for the given inputs (each read from the client option the overlay maps it to), or
   * undefined when an input is missing: the scheme is then off (optional signing) or unusable.
   */
  create(inputs: Readonly<Record<string, string | undefined>>): Signer | undefined;
}
