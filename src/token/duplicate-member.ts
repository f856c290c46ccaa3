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
 * @example
 * ```ts
 * findDuplicateMember('{"a":1,"b":{"c":2,"c":3}}'); // 'c'
 * findDuplicateMember('{"a":1,"\\u0061":2}');       // 'a' (escapes are read as JSON reads them)
 * ```
 */
export function findDuplicateMember(text: string): string | undefined {
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
