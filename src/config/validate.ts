/**
 * Validates a config against `schema/jwtauth.schema.json`: the only user of ajv. The validator is compiled
 * once; every problem is reported at once, each with its JSON path, in a single `CONFIG_INVALID` error.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { JwtKitError } from '../errors';
import { configSchema } from './schema';
import type { ValidConfig } from './types';
import { isJsonObject } from './json-object';

let compiled: ValidateFunction | undefined;

/**
 * The schema's validator: the one compiled at build time (dist/config/schema-validator.js) when it is there, else
 * compiled now with ajv (the tests run src/, which has none). Either way once per process.
 */
function validator(): ValidateFunction {
  if (compiled) return compiled;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    compiled = (require('./schema-validator.js') as { default: ValidateFunction }).default;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createAjv } = require('./ajv') as typeof import('./ajv');
    compiled = createAjv().compile(configSchema());
  }
  return compiled;
}

/**
 * Checks a config and returns a copy with every schema default filled in; the input is never changed.
 * Throws `CONFIG_INVALID` listing every problem as `<source>: /path must ...; /other ...`.
 *
 * @example
 * ```ts
 * validateConfig({ secretEnv: 'JWT_SECRET' }).realm; // 'Login Required'
 * validateConfig({ expirationDelt: 60 });            // throws: config: /expirationDelt is not a known option
 * ```
 */
export function validateConfig<TUser>(config: unknown, source = 'config'): ValidConfig<TUser> {
  const { value, problems } = checkSchema<TUser>(config);
  if (!value || problems.length > 0) throw invalid(source, problems);
  return value;
}

/**
 * The schema's verdict without throwing: a copy with the defaults filled in (even where other keys have
 * problems, so that later checks can still look at the keys that passed) and every problem found.
 * `value` is undefined only when the config is not an object at all.
 */
export function checkSchema<TUser>(config: unknown): { value?: ValidConfig<TUser>; problems: string[]; failed: string[] } {
  if (!isJsonObject(config)) {
    return { problems: ['the config must be an object (export default defineConfig({ ... }))'], failed: [] };
  }
  const copy = copyPlainData(config) as ValidConfig<TUser>;
  const validate = validator();
  if (validate(copy)) return { value: copy, problems: [], failed: [] };
  const errors = validate.errors ?? [];
  // The JSON paths whose values are wrong; an unknown key spoils nothing beside it, so it is not among them.
  const failed = errors.filter((e) => e.keyword !== 'additionalProperties').map((e) => e.instancePath);
  return { value: copy, problems: describeErrors(errors), failed };
}

/** True when the schema found nothing wrong at `path` (e.g. `cors/maxAge`), below it, or above it. */
export function passed(failed: readonly string[], path: string): boolean {
  const here = `/${path}`;
  return !failed.some((bad) => bad === here || bad.startsWith(`${here}/`) || here.startsWith(`${bad}/`));
}

/** Builds the one error of a config with problems. Exported for the checks the schema cannot express. */
export function invalid(source: string, problems: string[]): JwtKitError {
  return new JwtKitError('CONFIG_INVALID', `${source}: ${problems.join('; ')}`, { details: problems, source });
}

// Copies the nested plain objects that ajv's useDefaults would write into; functions are kept by reference.
function copyPlainData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlainData);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = copyPlainData(inner);
  return out;
}

function describeErrors(errors: ErrorObject[]): string[] {
  // anyOf reports each failed branch and then itself; the summary says it better than the branches do at the
  // same path. A branch error deeper in the value (`/cors/origins/0` is not an origin) says more than the summary
  // ("must be "*" or a list of strings", wrong for a list of strings), so then it is kept and the summary dropped.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const hasDeeperBranchError = (path: string) =>
    errors.some((e) => e.instancePath.startsWith(`${path}/`) && e.schemaPath.includes('/anyOf/'));
  const lines = errors
    .filter((e) =>
      e.keyword === 'anyOf'
        ? !hasDeeperBranchError(e.instancePath)
        : !(anyOfPaths.has(e.instancePath) && e.schemaPath.includes('/anyOf/')),
    )
    .map(describeError);
  return [...new Set(lines)];
}

function describeError(error: ErrorObject): string {
  const path = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closestName(key, known);
      return `${error.instancePath}/${key} is not a known option${guess ? ` (did you mean ${error.instancePath}/${guess}?)` : ''}`;
    }
    case 'enum':
      return `${path} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'type':
      return `${path} must be ${String(params.type).split(',').join(' or ')}`;
    case 'isFunction':
      return `${path} must be a function`;
    case 'pattern':
      return `${path} ${patternHint(error.instancePath)}`;
    case 'anyOf':
      return `${path} must be ${anyOfHint(error.parentSchema)}`;
    default:
      return `${path} ${error.message ?? 'is invalid'}`;
  }
}

/**
 * The known name nearest to a mistyped one: the same name in another case, or one within a few edits
 * (Damerau-Levenshtein: a swapped pair counts once), so `expirationDelt` suggests `expirationDelta` while
 * `bogus` suggests nothing.
 */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  const sameCase = known.find((name) => name.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const limit = Math.max(1, Math.min(3, Math.floor(typed.length / 3)));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}

function patternHint(instancePath: string): string {
  if (/(leeway|Delta|maxAge|CacheAge|cooldown|timeout|Window)$/.test(instancePath)) return 'must be whole seconds or a duration such as "30s", "5m", "12h", "7d"';
  if (instancePath.endsWith('/authPath') || instancePath.endsWith('/jwks/path')) return 'must start with "/"';
  if (instancePath.endsWith('/remoteJwks/url')) return 'must be an https:// URL';
  if (instancePath.endsWith('/realm')) return 'must be printable ASCII (it goes into the WWW-Authenticate header)';
  if (instancePath.endsWith('/headerPrefix')) return 'must be one word of letters, digits or !#$%&\'*+.^_`|~- (an HTTP auth scheme), or empty';
  if (instancePath.endsWith('/secretEnv')) return 'must be an environment variable name';
  if (instancePath.includes('/origins/')) return 'must be an origin such as "https://app.example.com"';
  if (/^\/cookie\/(name|csrfCookieName)$/.test(instancePath)) return "must be a cookie name: letters, digits or !#$%&'*+.^_`|~-";
  if (instancePath === '/cookie/csrfHeaderName') return 'must be an HTTP header name: letters, digits or -';
  if (instancePath === '/cookie/path') return 'must start with "/" and hold no spaces, semicolons or control characters';
  if (instancePath === '/cookie/domain') return 'must be a domain name such as "example.com"';
  if (instancePath === '/queryParameter') return 'must be letters, digits or ._~-';
  return 'has an invalid format';
}

function anyOfHint(parentSchema: unknown): string {
  const branches = ((parentSchema as { anyOf?: Array<Record<string, unknown>> } | undefined)?.anyOf ?? []).map((b) => {
    if ('const' in b) return JSON.stringify(b.const);
    if (b.type === 'array') return `a list of ${String((b.items as { type?: string } | undefined)?.type ?? 'value')}s`;
    return `a ${String(b.type)}`;
  });
  return branches.join(' or ');
}
