/**
 * The typing input: a deep copy of a bundled OpenAPI 3.1 document, rewritten so that
 * openapi-typescript 7.13 types the rules it otherwise drops (openapi-ts/openapi-typescript#1441,
 * #2380). Every rewrite is an equivalent JSON Schema, so the copy validates the same instances
 * (tests/pipeline/typing-schema.test.ts checks that with Ajv); the published spec is never changed.
 *
 * 1. properties + anyOf/oneOf of required-only branches  ->  allOf: [base, {anyOf|oneOf: [full branches]}]
 *    (oneOf adds `k: false` so the branches are exclusive where that is expressible)
 * 2. not: {anyOf: [{required}...]} / not: {required}     ->  allOf: [base, {anyOf: [maximal allowed key sets]}]
 * 3. minProperties: 1 on a closed object                 ->  anyOf of one-required-key branches
 * 4. type: object with no properties/additionalProperties -> additionalProperties: true (free-form)
 * 5. closed ($ref'd or inline) object branch of a union  ->  sibling branches' keys added as `false`
 * 6. readOnly/writeOnly declared on a referenced schema   ->  copied to the property that uses it
 * 7. anyOf/oneOf branch with nothing TS can express       ->  the union is dropped (it was `| unknown`)
 * 8. const: null                                         ->  type: 'null'
 *
 * And one rewrite that narrows on purpose (OAS 3.1: a `readOnly` property SHOULD NOT be sent in a
 * request), for the request bodies only, never for a component schema:
 * 9. request body schema with readOnly properties (at any depth, through `$ref`s)  ->  an inline
 *    copy where each readOnly property is `false` (`?: never`), so a body cannot carry them
 */
type Schema = Record<string, any>;

const ANNOTATIONS = new Set(['description', 'title', 'examples', 'example', '$comment', 'deprecated', 'default', 'readOnly', 'writeOnly', 'format', 'externalDocs', 'xml']);
const SHAPE_KEYS = ['type', 'properties', '$ref', 'allOf', 'anyOf', 'oneOf', 'const', 'enum', 'items', 'prefixItems', 'additionalProperties', 'patternProperties', 'not'];

/** What was rewritten and why, for the build's diagnostics. */
export interface TypingNote {
  pointer: string;
  rule: string;
  detail: string;
}

export function typingDocument<T extends Record<string, any>>(input: T): { document: T; notes: TypingNote[] } {
  const document = structuredClone(input);
  const notes: TypingNote[] = [];
  const note = (pointer: string, rule: string, detail: string) => notes.push({ pointer, rule, detail });

  const resolve = (ref: string): Schema | undefined =>
    ref.startsWith('#/')
      ? ref.slice(2).split('/').reduce<any>((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], document)
      : undefined;
  /** `$ref` or `allOf: [$ref]` (the usual way to add siblings to a ref) -> the referenced schema. */
  const deref = (s: any): Schema | undefined => {
    if (!s || typeof s !== 'object') return undefined;
    if (typeof s.$ref === 'string') return resolve(s.$ref);
    if (Array.isArray(s.allOf) && s.allOf.length === 1 && typeof s.allOf[0]?.$ref === 'string') return resolve(s.allOf[0].$ref);
    return undefined;
  };
  const isRequiredOnly = (b: any) =>
    b && typeof b === 'object' && Array.isArray(b.required) && Object.keys(b).every((k) => k === 'required' || ANNOTATIONS.has(k));
  const isInexpressible = (b: any) => b && typeof b === 'object' && !('required' in b) && !SHAPE_KEYS.some((k) => k in b);
  const isObjectSchema = (s: Schema) =>
    s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object')) || (s.properties && typeof s.properties === 'object');
  const isClosed = (s: Schema | undefined) => !!s && s.additionalProperties === false && !s.patternProperties;
  /** A property's schema for use inside a branch: the ref itself, or the inline schema without its doc comments. */
  const branchProperty = (parent: Schema, key: string): any => {
    const p = parent.properties?.[key];
    if (p === undefined) return isClosed(parent) ? undefined : true;
    if (typeof p !== 'object' || p === null) return p;
    if (typeof p.$ref === 'string') return { $ref: p.$ref };
    return Object.fromEntries(Object.entries(p).filter(([k]) => !ANNOTATIONS.has(k)));
  };
  const keysOf = (s: any): string[] => {
    const t = deref(s) ?? s;
    return t && typeof t === 'object' ? [...Object.keys(t.properties ?? {}), ...(Array.isArray(t.required) ? t.required : [])] : [];
  };
  const pushAllOf = (s: Schema, member: Schema) => {
    s.allOf = [...(Array.isArray(s.allOf) ? s.allOf : []), member];
  };

  function rewriteUnion(s: Schema, ptr: string, key: 'anyOf' | 'oneOf') {
    const branches: any[] = s[key];
    if (branches.some(isInexpressible)) {
      note(ptr, 'inexpressible-branch', `${key} has a branch TS cannot express; dropped the ${key} (it typed as \`| unknown\`)`);
      delete s[key];
      return;
    }
    if (isObjectSchema(s) && branches.some(isRequiredOnly)) {
      const requiredSets = branches.map((b) => (isRequiredOnly(b) ? (b.required as string[]) : undefined));
      const out: any[] = [];
      branches.forEach((b, i) => {
        const req = requiredSets[i];
        if (!req) return void out.push(b);
        const properties: Schema = {};
        for (const k of req) {
          const p = branchProperty(s, k);
          if (p === undefined) return void note(ptr, 'unsatisfiable-branch', `${key}[${i}] requires ${k}, which a closed schema forbids; branch dropped`);
          properties[k] = p;
        }
        if (key === 'oneOf') {
          for (const [j, other] of requiredSets.entries()) {
            if (j === i || !other) continue;
            const diff = other.filter((k) => !req.includes(k));
            if (diff.length === 1) properties[diff[0]!] = false;
            else if (diff.length === 0) return void note(ptr, 'oneOf-overlap', `${key}[${i}] is implied by ${key}[${j}] so can never match alone; branch dropped`);
            else note(ptr, 'oneOf-not-exclusive', `${key}[${i}] vs [${j}]: exclusivity over ${diff.join('+')} not expressible`);
          }
        }
        out.push({ type: 'object', properties, required: [...req] });
      });
      delete s[key];
      pushAllOf(s, { [key]: out });
      note(ptr, 'required-branches', `${key} of required-only branches -> base & (${out.map((b) => `{${Object.entries(b.properties ?? {}).map(([k, v]) => (v === false ? `${k}?: never` : k)).join(', ')}}`).join(' | ')})`);
      return;
    }
    // Closed object branches: forbid the sibling branches' keys so TS excess-property checks bite.
    branches.forEach((b, i) => {
      const target = deref(b) ?? b;
      if (!isClosed(target)) return;
      const own = new Set(Object.keys(target.properties ?? {}));
      const foreign = [...new Set(branches.flatMap((o, j) => (j === i ? [] : keysOf(o))))].filter((k) => !own.has(k));
      if (!foreign.length) return;
      const forbid = { type: 'object', properties: Object.fromEntries(foreign.map((k) => [k, false])) };
      branches[i] = b.$ref ? { allOf: [{ $ref: b.$ref }, forbid] } : { ...b, properties: { ...b.properties, ...forbid.properties } };
      note(`${ptr}/${key}/${i}`, 'closed-branch', `closed branch: ${foreign.join(', ')} typed as ?: never`);
    });
    // anyOf next to an object core: openapi-typescript emits `core | A | B`; make it `core & (A | B)`.
    if (key === 'anyOf' && isObjectSchema(s)) {
      delete s.anyOf;
      pushAllOf(s, { anyOf: branches });
      note(ptr, 'anyOf-intersect', 'anyOf beside properties -> base & (A | B)');
    }
  }

  function rewriteNot(s: Schema, ptr: string) {
    const n = s.not;
    if (!n || typeof n !== 'object' || !isObjectSchema(s)) return;
    const extra = Object.keys(n).filter((k) => !['anyOf', 'required', 'description', 'properties'].includes(k));
    const trivialProps = Object.values(n.properties ?? {}).every((v) => v === true);
    const forbidden: string[][] = [];
    if (Array.isArray(n.required)) forbidden.push(n.required);
    if (Array.isArray(n.anyOf)) {
      if (!n.anyOf.every(isRequiredOnly)) return;
      forbidden.push(...n.anyOf.map((b: Schema) => b.required as string[]));
    }
    const keys = [...new Set(forbidden.flat())];
    if (extra.length || !trivialProps || !forbidden.length || keys.length > 6) return note(ptr, 'not-kept', 'not: left as is (not expressible)');
    // Allowed key sets are downward closed; one branch per maximal allowed set, the rest `?: never`.
    const allowed: string[][] = [];
    for (let mask = 0; mask < 1 << keys.length; mask++) {
      const set = keys.filter((_, i) => mask & (1 << i));
      if (!forbidden.some((f) => f.every((k) => set.includes(k)))) allowed.push(set);
    }
    const maximal = allowed.filter((a) => !allowed.some((b) => b.length > a.length && a.every((k) => b.includes(k))));
    const branches = maximal.map((m) => ({
      type: 'object',
      properties: Object.fromEntries(keys.filter((k) => !m.includes(k)).map((k) => [k, false])),
    }));
    delete s.not;
    pushAllOf(s, branches.length === 1 ? branches[0]! : { anyOf: branches });
    note(ptr, 'not-required', `not(${forbidden.map((f) => f.join('&')).join(' | ')}) -> base & (${maximal.map((m) => `{${m.join(',') || '∅'}}`).join(' | ')})`);
  }

  function visit(s: any, ptr: string) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) return;
    // children first, so branch copies of properties see already-rewritten schemas
    for (const k of ['properties', 'patternProperties', '$defs']) for (const [n, v] of Object.entries(s[k] ?? {})) visit(v, `${ptr}/${k}/${n}`);
    for (const k of ['items', 'additionalProperties', 'contains']) visit(s[k], `${ptr}/${k}`);
    for (const k of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) if (Array.isArray(s[k])) s[k].forEach((b: any, i: number) => visit(b, `${ptr}/${k}/${i}`));

    // 6. readOnly / writeOnly declared on the referenced schema
    for (const [name, p] of Object.entries<any>(s.properties ?? {})) {
      const target = deref(p);
      if (!target || typeof p !== 'object') continue;
      for (const flag of ['readOnly', 'writeOnly'] as const) {
        if (target[flag] === true && p[flag] === undefined) {
          p[flag] = true;
          note(`${ptr}/properties/${name}`, 'inherited-flag', `${flag} from ${(p.$ref ?? p.allOf?.[0]?.$ref) as string}`);
        }
      }
    }
    // 8. const: null -> type: null (openapi-typescript skips a null const and emits unknown)
    if ('const' in s && s.const === null) {
      delete s.const;
      s.type = 'null';
      note(ptr, 'const-null', 'const: null -> null');
    }
    if (s.not) rewriteNot(s, ptr);
    if (Array.isArray(s.oneOf)) rewriteUnion(s, ptr, 'oneOf');
    if (Array.isArray(s.anyOf)) rewriteUnion(s, ptr, 'anyOf');
    // 3. minProperties: 1 on a closed object -> at least one known key
    if (s.minProperties === 1 && isClosed(s) && !s.anyOf && s.properties) {
      const keys = Object.keys(s.properties).filter((k) => s.properties[k] !== false && !s.properties[k]?.readOnly);
      if (keys.length && keys.length <= 12) {
        pushAllOf(s, { anyOf: keys.map((k) => ({ type: 'object', properties: { [k]: branchProperty(s, k) }, required: [k] })) });
        note(ptr, 'minProperties', `minProperties: 1 -> base & ({${keys.join('} | {')}})`);
      }
    }
    // 4. free-form object
    const noProps = !s.properties || Object.keys(s.properties).length === 0;
    if (isObjectSchema(s) && noProps && s.additionalProperties === undefined && !s.patternProperties && !s.allOf && !s.anyOf && !s.oneOf && !s.$ref && !s.enum && s.const === undefined) {
      s.additionalProperties = true;
      note(ptr, 'free-form', 'type: object without properties -> { [key: string]: unknown }');
    }
  }

  // 9. request bodies: readOnly properties are not sent
  /** A property marked readOnly, or one that refers to a readOnly schema (rule 6's inheritance). */
  const readOnlyProperty = (p: any): boolean => p?.readOnly === true || (deref(p)?.readOnly === true && p?.readOnly === undefined);
  const readOnlyWithin = (schema: any, seen: Set<string>): boolean => {
    if (!schema || typeof schema !== 'object') return false;
    if (typeof schema.$ref === 'string') {
      if (seen.has(schema.$ref)) return false;
      seen.add(schema.$ref);
      return readOnlyWithin(resolve(schema.$ref), seen);
    }
    if (Object.values(schema.properties ?? {}).some(readOnlyProperty)) return true;
    return [...Object.values(schema.properties ?? {}), schema.items, ...(['allOf', 'anyOf', 'oneOf'] as const).flatMap((k) => (Array.isArray(schema[k]) ? schema[k] : []))].some((child) => readOnlyWithin(child, seen));
  };
  const writable = (schema: any, refs: readonly string[]): any => {
    if (!schema || typeof schema !== 'object' || !readOnlyWithin(schema, new Set())) return schema;
    if (typeof schema.$ref === 'string') {
      // A cycle keeps its $ref (and its readOnly properties) rather than recurse forever.
      if (refs.includes(schema.$ref)) return schema;
      const { $ref, ...siblings } = schema;
      return { ...writable(structuredClone(resolve($ref)), [...refs, $ref]), ...siblings };
    }
    const out = { ...schema };
    if (schema.properties) {
      out.properties = Object.fromEntries(
        Object.entries<any>(schema.properties).map(([name, p]) => [name, readOnlyProperty(p) ? false : writable(p, refs)]),
      );
    }
    if (schema.items) out.items = writable(schema.items, refs);
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(schema[k])) out[k] = schema[k].map((b: any) => writable(b, refs));
    return out;
  };
  for (const [route, item] of Object.entries<any>(document.paths ?? {})) {
    for (const [method, operation] of Object.entries<any>(item ?? {})) {
      for (const [type, media] of Object.entries<any>(operation?.requestBody?.content ?? {})) {
        if (!media?.schema || !readOnlyWithin(media.schema, new Set())) continue;
        media.schema = writable(media.schema, []);
        note(`#/paths/${route.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/requestBody/content/${type.replace(/~/g, '~0').replace(/\//g, '~1')}/schema`, 'read-only-request', 'readOnly properties of the request body -> ?: never');
      }
    }
  }

  for (const [name, s] of Object.entries<any>(document.components?.schemas ?? {})) visit(s, `#/components/schemas/${name}`);
  const walkInline = (node: any, ptr: string) => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries<any>(node)) {
      if (k === 'schema' && v && typeof v === 'object') visit(v, `${ptr}/schema`);
      else if (k !== 'examples' && k !== 'example' && k !== 'schemas') walkInline(v, `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walkInline(document.paths, '#/paths');
  walkInline(document.webhooks, '#/webhooks');
  walkInline(document.components, '#/components');
  return { document, notes };
}
