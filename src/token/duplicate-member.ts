/**
 * Finds a member name that appears twice in one JSON object of a JOSE header or a claims set.
 *
 * JSON.parse keeps the last of duplicate names; other parsers keep the first or refuse. A token whose header
 * says `{"alg":"HS256","alg":"none"}` or whose claims say `{"sub":"alice","sub":"admin"}` then means one thing to
 * jwt-kit and another to a proxy, a log pipeline or a second verifier in front of the same app (a parser
 * differential). RFC 7515 section 5.2 and RFC 7519 section 4 let a recipient refuse such a token, and jwt-kit
 * does, at every depth: no issuer writes one.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The first member name that an object of `text` repeats, or undefined. `text` must be JSON that JSON.parse
 * accepted: this scanner follows its structure and does not check it again.
 *
 * Given `parsed` (what JSON.parse made of `text`), a token without repeats, the usual case, is cleared by a
 * count instead of the scan: JSON.parse keeps one key per distinct name of each object, so the names the text
 * lists equal the keys the value holds exactly when no object repeats one. The scan, with its sets of names,
 * runs only when the counts differ, to name the repeat.
 *
 * @example
 * ```ts
 * findDuplicateMember('{"a":1,"b":{"c":2,"c":3}}'); // 'c'
 * findDuplicateMember('{"a":1,"\\u0061":2}');       // 'a' (escapes are read as JSON reads them)
 * ```
 */
export function findDuplicateMember(text: string, parsed?: unknown): string | undefined {
  if (parsed !== undefined && countNames(text) === countKeys(parsed)) return undefined;
  return scan(text);
}

/** How many member names `text` lists: the strings followed, after any whitespace, by a colon. */
function countNames(text: string): number {
  let names = 0;
  let start = text.indexOf('"');
  while (start >= 0) {
    let end = text.indexOf('"', start + 1);
    // A quote after an odd run of backslashes is inside the string.
    for (;;) {
      // Only a text that is not JSON ends inside a string: no count then, so the caller scans.
      if (end < 0) return -1;
      let before = end - 1;
      while (text.charCodeAt(before) === BACKSLASH) before -= 1;
      if ((end - 1 - before) % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    let next = end + 1;
    let c = text.charCodeAt(next);
    while (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) c = text.charCodeAt((next += 1));
    if (c === 0x3a /* : */) names += 1;
    start = text.indexOf('"', next);
  }
  return names;
}

/**
 * How many keys the objects of a parsed JSON value hold, at every depth. With a stack of its own, not
 * recursion: JSON.parse reads any depth, and a payload nested thousands deep must not overflow the call stack
 * (a RangeError here would be a 500 for a token nobody signed).
 */
function countKeys(value: unknown): number {
  let keys = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item !== 'object' || item === null) continue;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i += 1) pending.push(item[i]);
      continue;
    }
    const object = item as Record<string, unknown>;
    for (const name of Object.keys(object)) {
      keys += 1;
      const inner = object[name];
      if (typeof inner === 'object' && inner !== null) pending.push(inner);
    }
  }
  return keys;
}

function scan(text: string): string | undefined {
  // One entry per open container: the names seen so far for an object, null for an array.
  const open: Array<Set<string> | null> = [];
  let expectName = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = i + 1;
      let escaped = false;
      for (;;) {
        const d = text.charCodeAt(end);
        if (d === BACKSLASH) {
          escaped = true;
          end += 2;
        } else if (d === QUOTE) {
          break;
        } else {
          end += 1;
        }
      }
      if (expectName) {
        // "\u0061" and "a" are the same name once parsed: compare names as JSON reads them.
        const name = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        const names = open[open.length - 1] as Set<string>;
        if (names.has(name)) return name;
        names.add(name);
        expectName = false;
      }
      i = end;
    } else if (c === 0x7b /* { */) {
      open.push(new Set());
      expectName = true;
    } else if (c === 0x5b /* [ */) {
      open.push(null);
      expectName = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
      expectName = false;
    } else if (c === 0x2c /* , */) {
      expectName = open[open.length - 1] != null;
    }
  }
  return undefined;
}
