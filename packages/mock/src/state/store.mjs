// @ts-check
/**
 * The mock's state: per scope (an account, see scope.mjs), per resource, the items under each
 * parent in the order they were made. A scope starts from the spec's examples, so the documented
 * example ids answer in every account. Everything is synchronous, so concurrent requests never
 * interleave inside an update.
 */

/**
 * @typedef {import('./resources.mjs').Resource} Resource
 * @typedef {{ value: Record<string, any>; version: number }} Entry
 * @typedef {Map<string, Map<string, Entry>>} Items by parent id ('' without a parent), then id
 */

export class Store {
  /** @param {Resource[]} resources */
  constructor(resources) {
    this.resources = resources;
    /** @type {Map<string, Map<string, Items>>} */
    this.scopes = new Map();
  }

  /** Forgets every scope: the next request starts again from the examples. */
  reset() {
    this.scopes.clear();
  }

  /**
   * The items of a resource under a parent, in a scope (made from the examples on first use).
   * @param {string} scope
   * @param {Resource} resource
   * @param {string} parentId
   * @returns {Map<string, Entry>}
   */
  items(scope, resource, parentId) {
    let state = this.scopes.get(scope);
    if (!state) this.scopes.set(scope, (state = this.seed()));
    const byParent = /** @type {Items} */ (state.get(resource.name));
    let items = byParent.get(parentId);
    if (!items) byParent.set(parentId, (items = new Map()));
    return items;
  }

  /** @returns {Map<string, Items>} */
  seed() {
    /** @type {Map<string, Items>} */
    const state = new Map();
    for (const resource of this.resources) {
      // An example child belongs to the first example parent: the spec's examples show one account.
      const parent = resource.parent ? String(/** @type {any} */ (resource.parent.examples[0])?.[resource.parent.idField] ?? '') : '';
      const items = new Map(resource.examples.map((example) => [String(/** @type {any} */ (example)[resource.idField]), { value: structuredClone(/** @type {any} */ (example)), version: 1 }]));
      state.set(resource.name, new Map([[parent, items]]));
    }
    return state;
  }

  /**
   * Removes an item and everything under it.
   * @param {string} scope
   * @param {Resource} resource
   * @param {string} parentId
   * @param {string} id
   */
  remove(scope, resource, parentId, id) {
    this.items(scope, resource, parentId).delete(id);
    for (const child of this.resources) if (child.parent === resource) /** @type {Map<string, Items>} */ (this.scopes.get(scope)).get(child.name)?.delete(id);
  }
}
