/**
 * The files of `templates/`: real, valid files, shipped in the package. Names a package cannot carry (npm
 * drops `.gitignore`, and a `.env` would look like a leaked secret) are stored with a `_` and renamed on the
 * way out, as create-vite does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `templates/` sits two levels above both src/scaffold and dist/scaffold. */
export const TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');

/** Template file name -> target name. */
export const RENAMES: Readonly<Record<string, string>> = { _gitignore: '.gitignore', _env: '.env' };

export interface TemplateFile {
  /** Path inside `templates/`, with `/`. */
  source: string;
  /** Path in the project, relative to the target directory, with `/`. */
  target: string;
}

/** Every template file, sorted by target path. */
export function listTemplates(dir: string = TEMPLATES_DIR): TemplateFile[] {
  const files: TemplateFile[] = [];
  const walk = (relative: string[]) => {
    for (const entry of readdirSync(join(dir, ...relative), { withFileTypes: true })) {
      const path = [...relative, entry.name];
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        files.push({ source: path.join('/'), target: [...relative, RENAMES[entry.name] ?? entry.name].join('/') });
      }
    }
  };
  walk([]);
  return files.sort((a, b) => a.target.localeCompare(b.target));
}

export function readTemplate(source: string, dir: string = TEMPLATES_DIR): string {
  return readFileSync(join(dir, ...source.split('/')), 'utf8');
}

/**
 * Replaces each `from` with its `to`, exactly once. A `from` missing from the text throws: the template
 * and the code that fills it in have drifted apart, and a silent no-op would ship a wrong file.
 */
export function substitute(text: string, replacements: ReadonlyArray<readonly [from: string, to: string]>, name: string): string {
  let result = text;
  for (const [from, to] of replacements) {
    const at = result.indexOf(from);
    if (at === -1) throw new Error(`template ${name} no longer contains ${JSON.stringify(from.split('\n')[0])}`);
    result = result.slice(0, at) + to + result.slice(at + from.length);
  }
  return result;
}
