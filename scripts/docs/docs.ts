/**
 * The HTML reference pages, rendered in process the way `redocly build-docs` does (same Redoc
 * version, template and options): Redoc's server-side render of the spec, hydrated in the browser.
 * Unlike the CLI's pages, each loads the shared Redoc script and style sheet beside it (see
 * redoc-assets.ts) instead of inlining them, so the pages stay small and open offline by double-click.
 */
import Handlebars from 'handlebars';
import type { ClientSpec } from '../spec/client-spec.js';
import { markChineseDescriptions } from './docs-lang.js';
import { headers } from '../shared/header.js';
import { REDOC_SCRIPT, REDOC_STYLES, sharedRules } from './redoc-assets.js';
import { REDOC_OPTIONS, redocRoutes, renderRedoc } from './redoc-render.js';

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

/**
 * Renders a provider's reference page from its bundled definition, headed like every generated
 * file, with where it shows each operation (`METHOD /path` → the page's `#` fragment).
 */
export async function renderDocsPage(bundled: Record<string, unknown>, spec: ClientSpec): Promise<{ page: string; anchors: Record<string, string> }> {
  const definition = markChineseDescriptions(bundled);
  const [{ html, rules, routes }, shared] = await Promise.all([renderRedoc(definition), sharedRules()]);
  const own = rules.filter((rule) => !shared.has(rule)).join('');
  const page = template({
    redocHTML: `
      <div id="redoc">${html}</div>
      <script src="${REDOC_SCRIPT}"></script>
      <script>
      const __redoc_definition = ${scriptJson(definition)};
      const __redoc_options = ${scriptJson({ ...REDOC_OPTIONS, disableTelemetry: true })};

      Redoc.hydrate(__redoc_definition, __redoc_options, document.getElementById('redoc'));
      </script>`,
    // The page's own rules are in a style element styled-components recognises when it hydrates.
    redocHead: `<link rel="stylesheet" href="${REDOC_STYLES}">${own ? `\n  <style data-styled="true">${own}</style>` : ''}`,
    title: `${spec.title} reference`,
  });
  return { page: headers.html + page, anchors: anchorsOf(routes) };
}

// Redoc routes by the URL's fragment on a page opened from a file (and by its path on a server).
const anchorsOf = (routes: Record<string, string>) => Object.fromEntries(Object.entries(routes).map(([operation, route]) => [operation, `#${route}`]));

/** Where the page of this bundled definition shows each operation, without rendering the page. */
export async function docsAnchors(bundled: Record<string, unknown>): Promise<Record<string, string>> {
  return anchorsOf(await redocRoutes(markChineseDescriptions(bundled)));
}

/** Records on each operation of the client spec where its docs page shows it. */
export function setDocsAnchors(spec: ClientSpec, anchors: Record<string, string>): void {
  for (const operation of spec.operations) {
    const anchor = anchors[`${operation.method} ${operation.path}`];
    if (anchor) operation.docsAnchor = anchor;
  }
}
