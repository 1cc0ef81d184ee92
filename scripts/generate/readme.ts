import type { ClientSpec } from '../spec/client-spec.js';
import { headers } from '../shared/header.js';

/** generated/ is rewritten whole by each build, so its README is generated too. */
export function generatedFolderReadme(specs: ClientSpec[]): string {
  const rows = specs.map((spec) => `| ${spec.slug} | [openapi.yaml](${spec.slug}/openapi.yaml) | [docs/${spec.slug}.html](docs/${spec.slug}.html) |`).join('\n');
  return `${headers.md}# generated

Output of \`pnpm build\`; never edit it by hand. Each provider's spec here is its hand-written spec
from \`specs/\`, bundled into one file, with the overlays from \`overlays/\` applied: the single
input of the types, the client packages, the Prism mocks and the docs.

| provider | spec | reference docs |
| --- | --- | --- |
${rows}

\`docs/index.html\` links every provider's page and each of its operations. The pages load
\`docs/redoc-<version>.js\` and \`.css\`, shared by all of them, and open offline.
`;
}
