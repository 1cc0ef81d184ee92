/**
 * The HTML reference pages, rendered in process the way `redocly build-docs --inlineBundle` does
 * (same Redoc version, template and options, so the pages are byte for byte what the CLI writes):
 * Redoc's server-side render of the spec, hydrated in the browser by the inlined Redoc bundle.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Handlebars from 'handlebars';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { logoFromSpec, prepareApiDocs, RedoclyApiDocsStandalone } from 'redoc';
import { ServerStyleSheet } from 'styled-components';
import type { ClientSpec } from './client-spec.js';
import { headers } from './header.js';

const require = createRequire(import.meta.url);
// The same file the Redocly CLI inlines (its copy of redoc's standalone bundle).
const standalone = readFileSync(require.resolve('redoc/bundles/redoc.standalone.js'), 'utf8').replace(/<\/(script)/gi, '<\\/$1');

// The Redocly CLI's page template, verbatim.
const template = Handlebars.compile(`<!DOCTYPE html>
<html lang="en">

<head>
  <meta charset="utf8" />
  <title>{{title}}</title>
  <!-- needed for adaptive design -->
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <style>
    body {
      padding: 0;
      margin: 0;
    }
  </style>
  {{{redocHead}}}
</head>

<body>
  {{{redocHTML}}}
</body>

</html>
`);

/** JSON inside an inline script: `<` and the two JavaScript line terminators escaped. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\u2028|\u2029/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'))
    .replace(/</g, '\\u003c');
}

/** Renders a provider's reference page from its bundled definition, headed like every generated file. */
export async function renderDocsPage(definition: Record<string, unknown>, spec: ClientSpec): Promise<string> {
  // Builds must not need the network: no telemetry, as with REDOCLY_TELEMETRY=off.
  const options = { skipBundle: true };
  const prepared = await prepareApiDocs({ spec: definition, options });
  const sheet = new ServerStyleSheet();
  let html: string;
  let styles: string;
  try {
    html = renderToString(
      sheet.collectStyles(
        createElement(RedoclyApiDocsStandalone, {
          items: prepared.items,
          store: prepared.store,
          basePath: '/',
          options: prepared.options,
          logo: logoFromSpec(prepared.document),
          telemetryConfig: { disabled: true },
          spec: prepared.document,
        }),
      ),
    );
    styles = sheet.getStyleTags();
  } finally {
    sheet.seal();
  }
  const page = template({
    redocHTML: `
      <div id="redoc">${html}</div>
      <script type="module">
      ${standalone}

      const __redoc_definition = ${scriptJson(definition)};
      const __redoc_options = ${scriptJson({ ...options, disableTelemetry: true })};

      hydrate(__redoc_definition, __redoc_options, document.getElementById('redoc'));
      </script>`,
    redocHead: styles,
    title: `${spec.title} reference`,
  });
  return headers.html + page;
}
