/** Redoc's server-side render, as `redocly build-docs` does it: the page's HTML and its style rules. */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { logoFromSpec, prepareApiDocs, RedoclyApiDocsStandalone } from 'redoc';
import { ServerStyleSheet } from 'styled-components';

/**
 * The options Redoc renders and hydrates with. Redoc shows only the code samples of the languages
 * listed, the first one selected: the TypeScript sample, then curl (see code-samples.ts).
 */
export const REDOC_OPTIONS = {
  skipBundle: true,
  codeSamples: { languages: [{ lang: 'typescript', label: 'TypeScript' }, { lang: 'curl', label: 'curl' }] },
};

/** styled-components ends every rule it writes with this marker. */
const RULE_END = '/*!sc*/\n';

export interface RedocRender {
  html: string;
  /** Where Redoc shows each operation, by `METHOD /path`: the route after `#` in the page's URL. */
  routes: Record<string, string>;
  /** The CSS rules of the components rendered, in order, each as styled-components wrote it. */
  rules: string[];
}

interface NavItem {
  routeSlug?: string;
  httpVerb?: string;
  httpPath?: string;
  items?: NavItem[];
}

function operationRoutes(items: NavItem[], routes: Record<string, string> = {}): Record<string, string> {
  for (const item of items) {
    if (item.httpVerb && item.httpPath && item.routeSlug) routes[`${item.httpVerb.toUpperCase()} ${item.httpPath}`] = item.routeSlug;
    if (item.items) operationRoutes(item.items, routes);
  }
  return routes;
}

/** Redoc's routes to the operations of a definition, without rendering it. */
export async function redocRoutes(definition: Record<string, unknown>): Promise<Record<string, string>> {
  const prepared = await prepareApiDocs({ spec: definition, options: REDOC_OPTIONS });
  return operationRoutes(prepared.items as NavItem[]);
}

export async function renderRedoc(definition: Record<string, unknown>): Promise<RedocRender> {
  const prepared = await prepareApiDocs({ spec: definition, options: REDOC_OPTIONS });
  const sheet = new ServerStyleSheet();
  try {
    const html = renderToString(
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
    const css = [...sheet.getStyleTags().matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((match) => match[1]).join('');
    return { html, routes: operationRoutes(prepared.items as NavItem[]), rules: css.split(RULE_END).filter((rule) => rule.trim() !== '').map((rule) => rule + RULE_END) };
  } finally {
    sheet.seal();
  }
}
