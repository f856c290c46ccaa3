/**
 * The ajv instance of the config schema, with its options and the `isFunction` keyword: used by
 * scripts/compile-schema.js at build time (dist/config/schema-validator.js) and by ./validate where that
 * precompiled validator is absent. Loaded only then: a built server or CLI never loads ajv's compiler.
 */
import Ajv, { _, type KeywordCxt, type Options } from 'ajv';

export function createAjv(extra: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, allowUnionTypes: true, strict: true, verbose: true, ...extra });
  // Hooks are functions, which JSON Schema cannot name; editors ignore this keyword. A `code` keyword (not a
  // `validate` function), so that ajv's standalone code can carry it.
  ajv.addKeyword({
    keyword: 'isFunction',
    schemaType: 'boolean',
    code(cxt: KeywordCxt) {
      if (cxt.schema === true) cxt.fail(_`typeof ${cxt.data} !== "function"`);
    },
  });
  return ajv;
}
