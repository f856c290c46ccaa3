/**
 * The package as a user imports it: by name, from CommonJS and from ESM, through package.json `exports`.
 * Spawns node on the built dist/ (npm test builds first).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..');
const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();
const PUBLIC_NAMES = ['createKit', 'loadKit', 'defineConfig', 'createTokenService', 'JwtKitError', 'ERROR_CODES', 'resolveConfig'];

describe('package entry points', () => {
  it('requires by name from CommonJS', () => {
    const out = node(['-e', `const k = require('jwt-kit'); console.log(${JSON.stringify(PUBLIC_NAMES)}.map((n) => typeof k[n]).join(','))`]);
    expect(out).toBe('function,function,function,function,function,object,function');
  });

  it('imports named exports from ESM', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { ${PUBLIC_NAMES.join(', ')} } from 'jwt-kit'; console.log([${PUBLIC_NAMES.join(', ')}].map((v) => typeof v).join(','))`,
    ]);
    expect(out).toBe('function,function,function,function,function,object,function');
  });

  it('ESM and CommonJS share one JwtKitError class (no dual-package hazard)', () => {
    const out = node([
      '--input-type=module',
      '-e',
      "import { JwtKitError } from 'jwt-kit'; import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); console.log(require('jwt-kit').JwtKitError === JwtKitError)",
    ]);
    expect(out).toBe('true');
  });

  it('exposes the schema file for editors', () => {
    const out = node(['-e', "console.log(require('jwt-kit/schema/jwtauth.schema.json').title)"]);
    expect(out).toBe('jwt-kit config');
  });
});

/**
 * The exact public surface, values and types, as the TypeScript compiler sees each entry's module: a name added
 * or removed here is a deliberate change to the package's API (and to the CHANGELOG), never a side effect.
 */
describe('the exact export list', () => {
  const VALUES = {
    '.': [
      'ERROR_CODES',
      'EXIT',
      'JwtKitError',
      'MIN_SECRET_BYTES',
      'SCHEMA_PATH',
      'createKit',
      'createStore',
      'createTokenService',
      'decodeToken',
      'defineConfig',
      'findConfig',
      'isJwtKitError',
      'loadConfig',
      'loadKit',
      'publicJwks',
      'resolveConfig',
      'validateConfig',
    ],
    './config': ['defineConfig'],
  };
  const TYPES = {
    '.': [
      'Algorithm',
      'AuthState',
      'Clock',
      'CorsOptions',
      'DecodedToken',
      'Duration',
      'ErrorBody',
      'ErrorCode',
      'GuardOptions',
      'Handlers',
      'HookContext',
      'JwtKitConfig',
      'JwtPayload',
      'Kit',
      'KitOptions',
      'LoadConfigOptions',
      'LoadedConfig',
      'OptionalAuthState',
      'ResolveOptions',
      'ResolvedConfig',
      'TokenService',
      'ValidConfig',
      // The token core, the key set and the lifecycle.
      'HitResult',
      'IssueOptions',
      'JwkConfig',
      'KeyConfig',
      'KeySet',
      'KeyStatus',
      'LoadKitOptions',
      'LoginThrottleOptions',
      'LogoutOptions',
      'MemoryStoreConfig',
      'RedisNode',
      'RedisStoreConfig',
      'RefreshOptions',
      'ResolvedKey',
      'ResolvedLoginThrottle',
      'RevocationQuery',
      'Sessions',
      'StoreConfig',
      'TokenPair',
      'TokenProblem',
      'TokenReport',
      'TokenStore',
      'VerifiedToken',
      // Guards, token locations and cookies.
      'CookieOptions',
      'Guard',
      'OptionalGuardOptions',
      'RequestToken',
      'ResolvedCookieOptions',
      'SameSite',
      'TokenLocation',
      'TokenSource',
      'UnlessOptions',
      'UnlessPath',
      // JWKS: publishing and verifying against an issuer's.
      'JwksDocument',
      'JwksOptions',
      'KeyLookup',
      'PublishedJwk',
      'RemoteJwksOptions',
      // The verified-token cache.
      'CacheOptions',
      'RemoteKeySet',
      'ResolvedRemoteJwks',
    ],
    './config': ['Algorithm', 'CorsOptions', 'Duration', 'Handlers', 'HookContext', 'JwtKitConfig', 'JwtPayload'],
  };
  const SOURCES = { '.': 'index.ts', './config': 'config-entry.ts' } as const;

  /** [values, types] that `file` exports, sorted, as the compiler resolves them. */
  function exportsOf(file: string): [string[], string[]] {
    const path = join(root, 'src', file);
    const program = ts.createProgram([path], { strict: true, esModuleInterop: true, skipLibCheck: true, noEmit: true });
    const checker = program.getTypeChecker();
    const module = checker.getSymbolAtLocation(program.getSourceFile(path)!)!;
    const values: string[] = [];
    const types: string[] = [];
    for (const symbol of checker.getExportsOfModule(module)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const typeOnly = symbol.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration(d)) ?? false;
      (target.flags & ts.SymbolFlags.Value && !typeOnly ? values : types).push(symbol.name);
    }
    return [values.sort(), types.sort()];
  }

  it.each(Object.entries(SOURCES))('%s exports exactly its listed values and types', (entry, file) => {
    const [values, types] = exportsOf(file);
    expect(values).toEqual([...VALUES[entry as keyof typeof VALUES]].sort());
    expect(types).toEqual([...TYPES[entry as keyof typeof TYPES]].sort());
  });

  it('the built entries export exactly those values at run time, in CommonJS and in ESM', () => {
    for (const [entry, names] of Object.entries(VALUES)) {
      const specifier = entry === '.' ? 'jwt-kit' : 'jwt-kit/config';
      const cjs = node(['-e', `console.log(Object.keys(require('${specifier}')).filter((n) => n !== '__esModule').sort().join(','))`]);
      const esm = node(['--input-type=module', '-e', `import * as m from '${specifier}'; console.log(Object.keys(m).sort().join(','))`]);
      expect([cjs, esm]).toEqual([[...names].sort().join(','), [...names].sort().join(',')]);
    }
  });
});
