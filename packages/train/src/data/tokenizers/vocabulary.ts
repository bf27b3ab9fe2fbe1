/** Checks every vocabulary passes, whether built in code or read from JSON. */
import { TokenizerError } from './errors.js';
import { codePointCount, describeToken } from './text.js';

/**
 * Throws unless `tokens` is a non-empty list of distinct non-empty strings (each exactly one
 * code point when `oneCodePoint`), and `unknown`, if given, is one of them. Returns the map
 * token → id.
 */
export function indexTokens(op: string, tokens: readonly string[], unknown: string | undefined, oneCodePoint: boolean): Map<string, number> {
  if (tokens.length === 0) throw new TokenizerError(op, 'tokens must not be empty: a vocabulary needs at least one token', { field: 'tokens' });
  const ids = new Map<string, number>();
  tokens.forEach((token, i) => {
    const field = `tokens[${i}]`;
    if (oneCodePoint) {
      const length = codePointCount(token);
      if (length !== 1) throw new TokenizerError(op, `${field} ${describeToken(token)} must be exactly one character (one code point), got ${length}`, { token, offset: i, field });
    } else if (token === '') {
      throw new TokenizerError(op, `${field} is the empty string; a token needs at least one character`, { token, offset: i, field });
    }
    const first = ids.get(token);
    if (first !== undefined) throw new TokenizerError(op, `${field} ${describeToken(token)} repeats tokens[${first}]; tokens must be distinct`, { token, offset: i, field });
    ids.set(token, i);
  });
  if (unknown !== undefined && !ids.has(unknown)) {
    throw new TokenizerError(op, `the unknown token ${describeToken(unknown)} is not one of the ${tokens.length} tokens; add it to the vocabulary`, { token: unknown, field: 'unknown' });
  }
  return ids;
}

/** Throws unless every id is an integer in [0, size). */
export function checkIds(op: string, ids: ArrayLike<number>, size: number): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!Number.isInteger(id) || id < 0 || id >= size) {
      throw new TokenizerError(op, `id ${id} at index ${i} is outside the vocabulary [0, ${size})`, { id, offset: i });
    }
  }
}
