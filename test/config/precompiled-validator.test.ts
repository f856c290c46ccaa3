/**
 * The build compiles the config schema ahead of time (scripts/compile-schema.js -> dist/config/schema-validator.js)
 * so that no server or CLI compiles it at start-up; the tests run src/, which compiles it with ajv. Both must say
 * the same thing about every fixture config, hooks included. Needs dist/ (npm test builds it first).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../../src/config/ajv';
import { configSchema } from '../../src/config/schema';

const PRECOMPILED = join(__dirname, '..', '..', 'dist', 'config', 'schema-validator.js');
const FIXTURES = join(__dirname, '..', 'fixtures', 'configs');
const configs: Array<[string, unknown]> = ['valid', 'invalid'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir)).map((name): [string, unknown] => [`${dir}/${name}`, JSON.parse(readFileSync(join(FIXTURES, dir, name), 'utf8'))]),
);
configs.push(['hooks', { handlers: { identity: () => null, authenticate: 'not a function' } }]);

const verdict = (validate: ValidateFunction, config: unknown) => {
  const copy = structuredClone({ ...(config as object), handlers: undefined });
  Object.assign(copy, { handlers: (config as { handlers?: unknown }).handlers });
  if ((copy as { handlers?: unknown }).handlers === undefined) delete (copy as { handlers?: unknown }).handlers;
  const ok = validate(copy);
  return { ok, copy, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${e.message}`) };
};

(existsSync(PRECOMPILED) ? describe : describe.skip)('the precompiled config validator', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const precompiled = (require(PRECOMPILED) as { default: ValidateFunction }).default;
  const runtime = createAjv().compile(configSchema());

  it.each(configs)('agrees with ajv at run time on %s (verdict, problems, defaults filled in)', (_name, config) => {
    expect(verdict(precompiled, config)).toEqual(verdict(runtime, config));
  });

  it('refuses a hook that is not a function with the isFunction keyword', () => {
    expect(verdict(precompiled, { handlers: { identity: 1 } }).errors).toEqual(['/handlers/identity isFunction must pass "isFunction" keyword validation']);
  });
});
