import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { BuildError } from './errors.js';
import { rel, repoRoot } from './paths.js';

/** A parsed YAML file that can say where any of its nodes stands, for error messages. */
export interface YamlFile {
  file: string;
  doc: Document;
  data: unknown;
  /** Line and column of the node at `keyPath`, or of the nearest ancestor that exists. */
  locate(keyPath: (string | number)[]): { line: number; column: number };
}

export async function readYaml(file: string): Promise<YamlFile> {
  const absolute = path.resolve(repoRoot(), file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new BuildError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, rel(absolute));
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) {
    const pos = lineCounter.linePos(problem.pos[0]);
    throw new BuildError(`invalid YAML: ${problem.message.split('\n')[0]}`, rel(absolute), { line: pos.line, column: pos.col });
  }
  return {
    file: rel(absolute),
    doc,
    data: doc.toJS(),
    locate(keyPath) {
      const at = (range: [number, number, number]) => {
        const pos = lineCounter.linePos(range[0]);
        return { line: pos.line, column: pos.col };
      };
      for (let depth = keyPath.length; depth >= 0; depth--) {
        // A mapping entry is reported where its key is written, not where its value starts.
        const parent = depth > 0 ? doc.getIn(keyPath.slice(0, depth - 1), true) : undefined;
        if (isMap(parent)) {
          const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(keyPath[depth - 1]));
          if (isScalar(pair?.key) && pair.key.range) return at(pair.key.range);
        }
        const node = doc.getIn(keyPath.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return at(node.range);
      }
      return { line: 1, column: 1 };
    },
  };
}
