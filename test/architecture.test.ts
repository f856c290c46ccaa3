/**
 * Imports flow one way: cli -> koa -> lifecycle -> token, store -> config -> errors. Read from the sources, so a
 * shortcut (config reaching into koa, token loading the store) fails here rather than in review.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const SRC = join(__dirname, '..', 'src');

/** What each layer may import from, besides itself. */
const ALLOWED: Record<string, string[]> = {
  errors: [],
  config: ['errors'],
  token: ['config', 'errors'],
  store: ['config', 'errors'],
  lifecycle: ['token', 'store', 'config', 'errors'],
  koa: ['lifecycle', 'token', 'store', 'config', 'errors'],
  scaffold: ['config', 'errors'],
  cli: ['koa', 'lifecycle', 'token', 'store', 'config', 'scaffold', 'errors'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const layerOf = (path: string): string => relative(SRC, path).split(sep)[0]!.replace(/\.ts$/, '');

const imports = files(SRC)
  .filter((file) => layerOf(file) in ALLOWED)
  .flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((match) => {
      const target = join(file, '..', match[1]!);
      return { file: relative(SRC, file), from: layerOf(file), to: layerOf(target) };
    }),
  );

describe('the import order of src/', () => {
  it('finds imports to check', () => expect(imports.length).toBeGreaterThan(100));

  it.each(Object.keys(ALLOWED))('%s imports only from the layers below it', (layer) => {
    const wrong = imports.filter((i) => i.from === layer && i.to !== layer && !ALLOWED[layer]!.includes(i.to));
    expect(wrong.map((i) => `${i.file} -> ${i.to}`)).toEqual([]);
  });
});
