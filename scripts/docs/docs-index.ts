import type { ClientSpec } from '../spec/client-spec.js';
import { htmlText as escape } from '../shared/codegen.js';
import { headers } from '../shared/header.js';

function operationList(spec: ClientSpec): string {
  const items = spec.operations.map((op) => {
    const label = `<span class="method ${escape(op.method.toLowerCase())}">${escape(op.method)}</span> <code>${escape(op.path)}</code> ${escape(op.summary)}`;
    // The anchor comes from Redoc's own routes; without one, the page itself.
    const href = `${spec.slug}.html${op.docsAnchor ?? ''}`;
    return `        <li><a href="${escape(href)}">${label}</a></li>`;
  });
  return `      <ul class="operations">\n${items.join('\n')}\n      </ul>`;
}

/** The docs index: one entry per provider of the registry, in registry order, with links to each operation. */
export function docsIndex(specs: ClientSpec[]): string {
  const items = specs
    .map(
      (spec) => `    <li>
      <h2><a href="${spec.slug}.html">${escape(spec.title)}</a></h2>
      <p>${escape(spec.summary)}</p>
      <p class="meta">Spec version ${escape(spec.specVersion)} · ${spec.operations.length} operations ·
        package <code>@payspec/${spec.slug}</code> · <a href="../${spec.slug}/openapi.yaml">OpenAPI 3.1 spec</a></p>
${operationList(spec)}
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
    .operations li { border: 0; padding: 0.1rem 0; font-size: 0.95rem; }
    .operations a { text-decoration: none; color: inherit; }
    .operations a:hover code, .operations a:hover { text-decoration: underline; }
    .method { display: inline-block; min-width: 4.2rem; font: 600 0.75rem/1.6 ui-monospace, monospace; }
    .get { color: #1a7f37; } .post { color: #0969da; } .put, .patch { color: #9a6700; } .delete { color: #cf222e; }
  </style>
</head>
<body>
  <h1>payspec: API reference</h1>
  <p>Customer APIs of payment providers, as hand-written OpenAPI 3.1 specs with typed TypeScript clients.
    Each page shows every operation with a TypeScript and a curl sample, and works offline.</p>
  <ul>
${items}
  </ul>
</body>
</html>
`;
}
