import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { markChinese, markChineseDescriptions } from '../../scripts/docs/docs-lang.js';
import { GENERATED } from '../../scripts/shared/header.js';
import { toolRoot } from '../../scripts/shared/paths.js';
import { REDOC_SCRIPT, REDOC_STYLES } from '../../scripts/docs/redoc-assets.js';
import { readRegistry } from '../../scripts/spec/registry.js';
import { generatedSpec } from '../helpers/from-specs/specs.js';

// What a page opened in a browser shows is tested in docs-browser.test.ts; this is the files.
const providers = (await readRegistry()).map((provider) => provider.name);
const docsDir = path.join(toolRoot, 'generated', 'docs');
const read = (file: string) => readFileSync(path.join(docsDir, file), 'utf8');

type Operation = { operationId?: string; summary?: string; 'x-codeSamples'?: { lang: string; label: string; source: string }[] };
const operationsOf = (provider: string) =>
  Object.entries(generatedSpec(provider).paths as Record<string, Record<string, Operation>>).flatMap(([route, item]) =>
    Object.entries(item).flatMap(([method, op]) => (op && typeof op === 'object' && op.operationId ? [{ method: method.toUpperCase(), route, op }] : [])),
  );

describe('generated docs', () => {
  it('are under 4 MB in all, one shared Redoc script and style sheet for every page', () => {
    const files = readdirSync(docsDir);
    const total = files.reduce((sum, file) => sum + statSync(path.join(docsDir, file)).size, 0);
    expect(total).toBeLessThan(4 * 1024 * 1024);
    expect(files.filter((file) => file.endsWith('.js'))).toEqual([REDOC_SCRIPT]);
    expect(files.filter((file) => file.endsWith('.css'))).toEqual([REDOC_STYLES]);
    expect(read(REDOC_SCRIPT).startsWith(`// ${GENERATED}\n`)).toBe(true);
    expect(read(REDOC_STYLES).startsWith(`/* ${GENERATED} */\n`)).toBe(true);
    // The one address the bundle fetched by itself (its logo) is gone, and the script is a classic
    // script (a page opened from a file cannot load a module). Booleans: the script is 2 MB.
    const script = read(REDOC_SCRIPT);
    expect(script.includes('cdn.redoc.ly')).toBe(false);
    expect(() => new vm.Script(script)).not.toThrow();
    expect(script.includes('var Redoc=')).toBe(true);
  });

  it('the index links a page for every provider and every operation where its page shows it', () => {
    const index = read('index.html');
    expect(index.startsWith(`<!-- ${GENERATED} -->`)).toBe(true);
    for (const provider of providers) {
      expect(index).toContain(`href="${provider}.html"`);
      expect(index).toContain(generatedSpec(provider).info.title);
      for (const { op } of operationsOf(provider)) {
        expect(index).toContain(`href="${provider}.html#/`);
        expect(index, `${provider} ${op.operationId}`).toMatch(new RegExp(`href="${provider}\\.html#/[a-z0-9-]+/${op.operationId!.toLowerCase()}"`));
      }
    }
  });

  it.each(providers)('the %s page documents every operation with code samples, and loads only files beside it', (provider) => {
    const page = read(`${provider}.html`);
    expect(page.startsWith(`<!-- ${GENERATED} -->`)).toBe(true);
    const operations = operationsOf(provider);
    expect(operations.length).toBeGreaterThan(0);
    for (const { op } of operations) {
      expect(page).toContain(`"operationId":"${op.operationId}"`);
      expect(op['x-codeSamples']?.map((sample) => sample.label)).toEqual(['TypeScript', 'curl']);
    }
    const loaded = [...page.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(loaded.sort()).toEqual([REDOC_STYLES, REDOC_SCRIPT].sort());
    for (const file of loaded) expect(existsSync(path.join(docsDir, file))).toBe(true);
  });
});

describe('Chinese passages are marked for the page', () => {
  it('a mostly Chinese paragraph becomes a block, a Chinese phrase in English a span, code stays as it is', () => {
    const text = [
      'Customers of an app.',
      '原文：创建 Customer 对象用于存储用户信息。若在创建 `Customer` 时传入 `token id` 则可以进行绑卡。',
      'The retrieve section (查询 Customer 对象) has no request line; `app＝app_1` is a typo, as is `代码`.',
      '```\n原文 in a fence\n```',
    ].join('\n\n');
    expect(markChinese(text).split('\n\n')).toEqual([
      'Customers of an app.',
      '<div lang="zh">',
      '原文：创建 Customer 对象用于存储用户信息。若在创建 `Customer` 时传入 `token id` 则可以进行绑卡。',
      '</div>',
      'The retrieve section (<span lang="zh">查询 Customer 对象</span>) has no request line; `app＝app_1` is a typo, as is `代码`.',
      '```\n原文 in a fence\n```',
    ]);
    expect(markChinese('No Chinese here.')).toBe('No Chinese here.');
  });

  it('only descriptions change: examples, enums and code samples are data', () => {
    const doc = {
      info: { description: '顾客' },
      components: { schemas: { Customer: { properties: { description: { type: 'string', description: '描述', example: '张三' }, default: { description: '默认' } } } } },
      paths: { '/c': { get: { description: '查询', 'x-codeSamples': [{ source: '// 查询' }], responses: { '200': { content: { 'application/json': { example: { description: '张三' } } } } } } } },
    };
    const marked = markChineseDescriptions(doc);
    expect(marked.info.description).toBe('<div lang="zh">\n\n顾客\n\n</div>');
    expect(marked.components.schemas.Customer.properties.description.description).toContain('lang="zh"');
    expect(marked.components.schemas.Customer.properties.description.example).toBe('张三');
    expect(marked.components.schemas.Customer.properties.default.description).toContain('lang="zh"');
    expect(marked.paths['/c'].get['x-codeSamples']).toEqual([{ source: '// 查询' }]);
    expect(marked.paths['/c'].get.responses['200'].content['application/json'].example).toEqual({ description: '张三' });
    expect(doc.info.description).toBe('顾客');
  });
});
