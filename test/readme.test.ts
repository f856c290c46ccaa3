/**
 * Keeps the README's reference in step with the code: every config option of the schema and every error code
 * of the table must be documented, with the same default and the same exit code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../src/errors';
import { configSchema } from '../src/config/schema';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const rows = readme.split('\n').filter((line) => line.startsWith('| `'));
const rowFor = (name: string) => rows.find((line) => line.startsWith(`| \`${name}\``));

type Property = { default?: unknown; properties?: Record<string, Property> };
const properties = configSchema().properties as Record<string, Property>;
const NESTED = ['cors', 'jwks', 'remoteJwks'];
const options: Array<[string, Property]> = Object.entries(properties)
  .filter(([name]) => name !== '$schema')
  .flatMap(([name, spec]): Array<[string, Property]> =>
    // Nested option objects are documented one row per option (`cors.origins`); handlers have their own table.
    NESTED.includes(name) ? Object.entries(spec.properties ?? {}).map(([inner, s]) => [`${name}.${inner}`, s]) : [[name, spec]],
  );

describe('README reference', () => {
  it.each(options)('documents the option %s with its schema default', (name, spec) => {
    const row = rows.find((line) => line.split('|')[1]?.includes(`\`${name}\``));
    expect(row).toBeDefined();
    if (spec.default !== undefined && typeof spec.default !== 'object') {
      expect(row?.split('|')[2]?.trim()).toBe(`\`${String(spec.default)}\``);
    }
  });

  it.each(Object.entries(ERROR_CODES))('documents the error code %s with its status and exit code', (code, spec) => {
    const cells = rowFor(code)?.split('|').map((cell) => cell.trim());
    expect(cells?.[2]).toBe(String(spec.status));
    expect(cells?.[3]).toBe(spec.title);
    expect(cells?.[5]).toBe(String(spec.exitCode));
  });

  it('gives the two quickstart commands', () => {
    expect(readme).toContain('npm install && npx jwt-kit serve');
    expect(readme).toContain('npm test');
  });
});
