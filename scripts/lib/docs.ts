import { readFile, writeFile } from 'node:fs/promises';
import type { ClientSpec } from './client-spec.js';
import { htmlText as escape } from './codegen.js';
import { BuildError } from './errors.js';
import { headers } from './header.js';
import { bin, rel } from './paths.js';
import { run } from './run.js';

/** Renders a provider's reference page with the Redocly CLI, headed like every generated file. */
export async function generateDocsPage(specFile: string, out: string, spec: ClientSpec, signal?: AbortSignal): Promise<void> {
  // --inlineBundle: the page works offline and loads nothing from a CDN. No telemetry: builds must not need the network.
  const { code, output } = await run(bin('redocly'), ['build-docs', specFile, '--output', out, '--title', `${spec.title} reference`, '--inlineBundle'], {
    REDOCLY_TELEMETRY: 'off',
    REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
    CI: 'true',
  }, signal);
  if (code !== 0) throw new BuildError('building the docs failed', rel(specFile), undefined, output);
  await writeFile(out, headers.html + (await readFile(out, 'utf8')));
}

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
