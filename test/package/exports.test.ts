/**
 * The package as a user imports it: by name, from CommonJS and from ESM, through package.json `exports`.
 * Spawns node on the built dist/ (npm test builds first).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

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
