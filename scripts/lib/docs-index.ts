import type { ClientSpec } from './client-spec.js';
import { htmlText as escape } from './codegen.js';
import { headers } from './header.js';

/** The docs index: one entry per provider of the registry, in registry order. */
export function docsIndex(specs: ClientSpec[]): string {
  const items = specs
    .map(
      (spec) => `    <li>
      <h2><a href="${spec.slug}.html">${escape(spec.title)}</a></h2>
      <p>${escape(spec.summary)}</p>
      <p class="meta">Spec version ${escape(spec.specVersion)} · ${spec.operations.length} operations ·
        package <code>@payspec/${spec.slug}</code> · <a href="../${spec.slug}/openapi.yaml">OpenAPI 3.1 spec</a></p>
    </li>`,
    )
    .join('\n');
  return `${headers.html}<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>payspec: API reference</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
    ul { list-style: none; padding: 0; }
    li { border-top: 1px solid #d0d7de; padding: 0.5rem 0; }
    h2 { font-size: 1.2rem; margin: 0.5rem 0 0.25rem; }
    .meta { color: #59636e; font-size: 0.9rem; }
  </style>
</head>
<body>
  <h1>payspec: API reference</h1>
  <p>Customer APIs of payment providers, as hand-written OpenAPI 3.1 specs with typed TypeScript clients.</p>
  <ul>
${items}
  </ul>
</body>
</html>
`;
}
