/**
 * Marks Chinese passages of a definition's Markdown with `lang="zh"` for the docs page, so a
 * browser picks Chinese fonts and line breaking and a screen reader the right voice. Only the
 * page's copy changes: the generated spec keeps the text as written.
 *
 * A paragraph that is mostly Chinese (such as a quoted `原文：` source passage) is wrapped whole in
 * a `<div lang="zh">`; a Chinese run inside English text gets a `<span lang="zh">`. Code spans and
 * fenced blocks are left alone.
 */

const HAN = /\p{Script=Han}/u;
const HAN_ALL = /\p{Script=Han}/gu;
const LATIN_ALL = /\p{Script=Latin}/gu;
// A run of Chinese: Han characters with CJK punctuation, and a Latin word between two Han
// characters (`查询 Customer 对象` is one Chinese phrase).
const RUN = /\p{Script=Han}(?:[\p{Script=Han}\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF5B-\uFF65]| ?[\w.+-]+ ?(?=\p{Script=Han})| (?=\p{Script=Han}))*/gu;
// Keys whose strings are data (examples, defaults, enums, code), never Markdown shown as prose.
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const', 'x-codeSamples']);

/** Outside code spans: the parts of a line `edit` may change. */
function outsideCode(text: string, edit: (part: string) => string): string {
  return text
    .split(/(`+[^`]*`+)/)
    .map((part, index) => (index % 2 === 1 ? part : edit(part)))
    .join('');
}

function mostlyChinese(paragraph: string): boolean {
  const prose = paragraph.replace(/`+[^`]*`+/g, '');
  const han = prose.match(HAN_ALL)?.length ?? 0;
  const latin = prose.match(LATIN_ALL)?.length ?? 0;
  return han > 0 && han >= latin;
}

/** One Markdown text with its Chinese marked. */
export function markChinese(markdown: string): string {
  if (!HAN.test(markdown)) return markdown;
  let fenced = false;
  const blocks = markdown.split(/(\n[ \t]*\n)/);
  return blocks
    .map((block, index) => {
      if (index % 2 === 1) return block;
      const fences = block.match(/^[ \t]*(```|~~~)/gm)?.length ?? 0;
      const inFence = fenced;
      if (fences % 2 === 1) fenced = !fenced;
      if (inFence || fences > 0 || !HAN.test(block)) return block;
      // A paragraph of its own (not indented into a list, not a heading or a list) can be a block.
      if (!/^[ \t]|^(#|[-*+] |\d+\. |>|\|)/.test(block) && mostlyChinese(block)) return `<div lang="zh">\n\n${block}\n\n</div>`;
      return block
        .split('\n')
        .map((line) => outsideCode(line, (part) => part.replace(RUN, (run) => `<span lang="zh">${run}</span>`)))
        .join('\n');
    })
    .join('');
}

/** A copy of the definition with every `description` (and `info.summary`) marked; data such as examples untouched. */
export function markChineseDescriptions<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => markChineseDescriptions(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => {
      // Property names are the user's (a property may be called `default`): each is a schema.
      if (key === 'properties' && child && typeof child === 'object' && !Array.isArray(child)) {
        return [key, Object.fromEntries(Object.entries(child).map(([name, schema]) => [name, markChineseDescriptions(schema)]))];
      }
      if (DATA_KEYS.has(key)) return [key, child];
      if (key === 'description' && typeof child === 'string') return [key, markChinese(child)];
      // The one summary Redoc renders as Markdown (operation summaries are plain text).
      if (key === 'info' && child && typeof child === 'object' && typeof (child as { summary?: unknown }).summary === 'string') {
        const info = markChineseDescriptions(child) as { summary: string };
        return [key, { ...info, summary: markChinese(info.summary) }];
      }
      return [key, markChineseDescriptions(child)];
    }),
  ) as T;
}
