import { expect, inject } from 'vitest';

/** The URL of the Prism mock the global setup started for a provider. */
export function mockUrl(provider: string): string {
  const url = inject('mockUrls')[provider];
  if (!url) throw new Error(`no mock was started for ${provider}; is it in redocly.yaml?`);
  return url;
}

/** Prism's findings about a request (the `sl-violations` header), parsed. */
export function violations(response: Response): { location: string[]; code: string | number; message: string }[] {
  const header = response.headers.get('sl-violations');
  return header ? (JSON.parse(header) as ReturnType<typeof violations>) : [];
}

/** Asserts that Prism found the request valid against the spec. */
export function expectNoViolations(response: Response): void {
  expect(violations(response), `Prism found violations in ${response.url}`).toEqual([]);
}

/** Asks Prism to answer with one of the spec's responses for this status. */
export function preferStatus(status: number): { headers: { Prefer: string } } {
  return { headers: { Prefer: `code=${status}` } };
}
