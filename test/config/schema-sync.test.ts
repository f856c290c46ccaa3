/**
 * Keeps schema/jwtauth.schema.json (the one source of the config's shape, defaults and descriptions), the
 * defaults that resolve.ts fills in and the TypeScript types of src/config/types.ts in step.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { resolveConfig, SCHEMA_PATH } from '../../src/index';
import { durationSeconds } from '../../src/config/duration';

interface PropertySchema {
  description?: string;
  default?: unknown;
  properties?: Record<string, PropertySchema>;
}

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schema', 'jwtauth.schema.json'), 'utf8')) as {
  properties: Record<string, PropertySchema>;
  additionalProperties: unknown;
};
const topLevel = Object.entries(schema.properties);
const SECRET = 'schema-sync-secret-0123456789abcdef';

/** An interface of src/config/types.ts, read with the TypeScript parser. */
function findInterface(name: string): ts.InterfaceDeclaration {
  const file = join(__dirname, '..', '..', 'src', 'config', 'types.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!found) throw new Error(`no interface ${name} in types.ts`);
  return found;
}

/** Property names of an interface in src/config/types.ts. */
function interfaceMembers(name: string): string[] {
  return findInterface(name).members.filter(ts.isPropertySignature).map((m) => (m.name as ts.Identifier | ts.StringLiteral).text);
}

/** Options that are only read while resolving the secret, so they do not appear in the resolved config. */
const RESOLUTION_ONLY = new Set(['dangerouslyAllowWeakSecret']);

describe('schema/jwtauth.schema.json', () => {
  it('is the file the library reads', () => {
    expect(SCHEMA_PATH).toBe(join(__dirname, '..', '..', 'schema', 'jwtauth.schema.json'));
  });

  it('refuses unknown keys at the top level and in every nested object', () => {
    expect(schema.additionalProperties).toBe(false);
    for (const [name, property] of topLevel) {
      if (property.properties) expect([name, (property as { additionalProperties?: unknown }).additionalProperties]).toEqual([name, false]);
    }
  });

  it.each(topLevel)('%s has a description', (_name, property) => {
    expect(typeof property.description).toBe('string');
    expect(property.description!.length).toBeGreaterThan(10);
  });

  it.each(topLevel.flatMap(([name, p]) => Object.entries(p.properties ?? {}).map(([inner, q]) => [`${name}.${inner}`, q] as const)))(
    '%s has a description',
    (_name, property) => {
      expect(typeof property.description).toBe('string');
    },
  );

  describe('every default is the one resolve.ts fills in', () => {
    const resolved = resolveConfig({ secret: SECRET }) as unknown as Record<string, unknown>;
    const withDefaults = topLevel.filter(([name, p]) => 'default' in p && !RESOLUTION_ONLY.has(name));

    it('there are defaults to compare', () => expect(withDefaults.length).toBeGreaterThanOrEqual(15));

    it.each(withDefaults)('%s', (name, property) => {
      expect(name in resolved).toBe(true);
      if (property.properties) {
        // An object default ({}): each nested default must be what resolve.ts fills in.
        const inner = resolved[name] as Record<string, unknown>;
        for (const [key, nested] of Object.entries(property.properties)) {
          // A duration default ("14d") is resolved to seconds.
          const wanted = typeof nested.default === 'string' && /^\d+[smhdw]$/.test(nested.default) ? durationSeconds(nested.default) : nested.default;
          if ('default' in nested) expect([`${name}.${key}`, inner[key]]).toEqual([`${name}.${key}`, wanted]);
        }
      } else {
        expect(resolved[name]).toEqual(property.default);
      }
    });

    it('dangerouslyAllowWeakSecret defaults to false: a short secret is refused unless it is set', () => {
      expect(schema.properties.dangerouslyAllowWeakSecret?.default).toBe(false);
      expect(() => resolveConfig({ secret: 'short' })).toThrow(/fewer than 32/);
      expect(() => resolveConfig({ secret: 'short', dangerouslyAllowWeakSecret: true })).not.toThrow();
    });

    it('resolved fields without a schema default are optional in the schema', () => {
      // `keys` is both an option (the key list as written) and a resolved field (the prepared key set).
      const noDefault = topLevel.filter(([name, p]) => !('default' in p) && name !== 'keys').map(([name]) => name);
      for (const name of noDefault) expect([name, resolved[name]]).toEqual([name, undefined]);
    });
  });
});

describe('src/config/types.ts mirrors the schema', () => {
  it('JwtKitConfig (with the KeyConfig options it extends) has exactly the top-level properties of the schema', () => {
    const inherited = interfaceMembers('KeyConfig').filter((name) => !['algorithm', 'status'].includes(name));
    expect([...new Set([...interfaceMembers('JwtKitConfig'), ...inherited])].sort()).toEqual(topLevel.map(([name]) => name).sort());
  });

  it('KeyConfig has exactly the properties of a /keys entry', () => {
    const entry = (schema.properties.keys as { items: PropertySchema }).items;
    expect(interfaceMembers('KeyConfig').sort()).toEqual(Object.keys(entry.properties!).sort());
  });

  it('CorsOptions has exactly the properties of /cors', () => {
    expect(interfaceMembers('CorsOptions').sort()).toEqual(Object.keys(schema.properties.cors!.properties!).sort());
  });

  it('JwksOptions and RemoteJwksOptions have exactly the properties of /jwks and /remoteJwks', () => {
    expect(interfaceMembers('JwksOptions').sort()).toEqual(Object.keys(schema.properties.jwks!.properties!).sort());
    expect(interfaceMembers('RemoteJwksOptions').sort()).toEqual(Object.keys(schema.properties.remoteJwks!.properties!).sort());
    expect(interfaceMembers('ResolvedRemoteJwks').sort()).toEqual(Object.keys(schema.properties.remoteJwks!.properties!).sort());
  });

  it('Handlers has exactly the properties of /handlers', () => {
    expect(interfaceMembers('Handlers').sort()).toEqual(Object.keys(schema.properties.handlers!.properties!).sort());
  });

  it('ResolvedConfig has every option with a default, plus the keys and the file', () => {
    const resolvedMembers = interfaceMembers('ResolvedConfig');
    const expected = topLevel
      .filter(([name, p]) => ('default' in p || ['audience', 'issuer', 'remoteJwks'].includes(name)) && !RESOLUTION_ONLY.has(name))
      .map(([name]) => name);
    expect(resolvedMembers.sort()).toEqual([...expected, 'keys', 'filepath'].sort());
  });

  it('the "Default ..." notes of JwtKitConfig match the schema defaults', () => {
    const text = findInterface('JwtKitConfig').getFullText();
    const notes = [...text.matchAll(/\/\*\* Default `?([^`.*]+?)`?[.;][^*]*\*\/\s*\n\s*(\w+)\?:/g)];
    expect(notes.length).toBeGreaterThanOrEqual(10);
    for (const [, value, name] of notes) {
      const written = value!.replace(/ \(seconds\)$/, '');
      let parsed: unknown;
      try {
        parsed = JSON.parse(written);
      } catch {
        parsed = written; // a bare word such as HS256
      }
      expect([name, parsed]).toEqual([name, schema.properties[name!]?.default]);
    }
  });
});
