/**
 * Just enough of gitignore's matching to tell whether a path is already ignored, so `init` appends a line
 * only when it is needed (https://git-scm.com/docs/gitignore#_pattern_format). Handled: comments, blank
 * lines, `!` negation (the last matching line wins), a trailing `/` (directories only), anchoring by a
 * leading or inner `/`, `*`, `?`, `**` and bracket classes; a match on a parent directory covers the path.
 */
export function isIgnored(gitignore: string, path: string): boolean {
  const parts = path.split('/');
  let ignored = false;
  for (const raw of gitignore.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    // A slash at the start or in the middle anchors the pattern to the .gitignore's directory.
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    if (line === '') continue;
    const pattern = globToRegExp(line);
    for (let i = 1; i <= parts.length; i++) {
      const isDir = i < parts.length;
      if (dirOnly && !isDir) continue;
      const candidate = anchored ? parts.slice(0, i).join('/') : (parts[i - 1] as string);
      if (pattern.test(candidate)) {
        ignored = !negate;
        break;
      }
    }
  }
  return ignored;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '\\' && i + 1 < glob.length) {
      source += escape(glob[++i] as string);
    } else if (char === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more directories; a `**` elsewhere matches anything.
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        source += '\\[';
      } else {
        const body = glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else {
      source += escape(char);
    }
  }
  return new RegExp(`^${source}$`);
}

const escape = (char: string) => char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
