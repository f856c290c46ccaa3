import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface FoundPackage {
  /** The directory holding package.json. */
  dir: string;
  /** Names in dependencies, devDependencies, peerDependencies and optionalDependencies. */
  dependencies: Set<string>;
}

/** The nearest package.json at or above `dir` (which may not exist yet), read but never written. */
export function findPackage(dir: string): FoundPackage | undefined {
  for (let here = dir; ; here = dirname(here)) {
    let text: string | undefined;
    try {
      text = readFileSync(join(here, 'package.json'), 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) return { dir: here, dependencies: dependencyNames(text) };
    if (dirname(here) === here) return undefined;
  }
}

function dependencyNames(text: string): Set<string> {
  const names = new Set<string>();
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const deps = json[field];
      if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(name);
    }
  } catch {
    // An unreadable package.json lists nothing: the next steps then suggest installing both packages.
  }
  return names;
}
