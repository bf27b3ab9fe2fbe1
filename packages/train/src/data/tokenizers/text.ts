/** String helpers shared by the tokenizers: code-point order and printable names. */

/**
 * Orders strings by Unicode code point, as Python compares `str`. JavaScript's `<` compares
 * UTF-16 units, which puts astral characters (emoji) before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; ) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

/** Characters (code points) in `text`; a string's `length` counts UTF-16 units instead. */
export function codePointCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; n++) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return n;
}

/** `"é" (U+00E9)`: the token JSON-escaped, so whitespace and control characters show, and for one character its code point. */
export function describeToken(token: string): string {
  const quoted = JSON.stringify(token);
  const codePoint = token.codePointAt(0);
  if (codePoint === undefined || codePointCount(token) !== 1) return quoted;
  return `${quoted} (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')})`;
}
