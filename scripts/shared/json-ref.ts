/** The keys of a local JSON pointer `#/a/b~1c`, unescaped. */
export function refSegments(ref: string): string[] {
  return ref
    .slice(2)
    .split('/')
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Follows local `$ref`s (bundled specs share parameters, responses and examples as components). */
export function resolveRef(doc: Record<string, any>, node: any): any {
  let current = node;
  // Bounded: a `$ref` cycle (which bundling reports with its line) must not hang anything here.
  for (let hops = 0; typeof current?.$ref === 'string' && current.$ref.startsWith('#/') && hops < 64; hops++) {
    current = refSegments(current.$ref).reduce((value: any, key) => value?.[key], doc);
  }
  return current;
}

/** An operation's parameters, its path item's included, with `$ref`s followed. */
export function operationParameters(doc: Record<string, any>, item: Record<string, any>, operation: Record<string, any>): any[] {
  return [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) => resolveRef(doc, parameter));
}
