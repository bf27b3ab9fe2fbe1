/** Reading a tokenizer back from the JSON saved with a model. */
import { CharTokenizer } from './char-tokenizer.js';
import { TokenizerError } from './errors.js';
import type { Tokenizer } from './tokenizer.js';
import { indexTokens } from './vocabulary.js';
import { WordTokenizer } from './word-tokenizer.js';

const OP = 'tokenizerFromJson';

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

function fail(field: string, detail: string): never {
  throw new TokenizerError(OP, `field '${field}' ${detail}`, { field });
}

/**
 * The tokenizer `json` describes (`{ kind: 'char' | 'word', tokens, unknown?, lowercase? }`, as
 * `toJSON()` writes it), checked field by field: anything malformed is a `TokenizerError` whose
 * `field` names it. `tokenizerFromJson(JSON.parse(JSON.stringify(t)))` equals `t`.
 */
export function tokenizerFromJson(json: unknown): Tokenizer {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TokenizerError(OP, `expected an object { kind, tokens, unknown? }, got ${kindOf(json)}`);
  }
  const { kind, tokens, unknown, lowercase } = json as Record<string, unknown>;
  if (kind !== 'char' && kind !== 'word') fail('kind', `must be 'char' or 'word', got ${typeof kind === 'string' ? JSON.stringify(kind) : kindOf(kind)}`);
  if (!Array.isArray(tokens)) fail('tokens', `must be an array of strings, got ${kindOf(tokens)}`);
  const strings = tokens.map((token: unknown, i) => (typeof token === 'string' ? token : fail(`tokens[${i}]`, `must be a string, got ${kindOf(token)}`)));
  if (unknown !== undefined && typeof unknown !== 'string') fail('unknown', `must be a string, got ${kindOf(unknown)}`);
  if (kind === 'char') {
    if (lowercase !== undefined) fail('lowercase', "applies to word tokenizers only (kind 'word')");
    indexTokens(OP, strings, unknown, true);
    return new CharTokenizer(strings, unknown === undefined ? {} : { unknown });
  }
  if (lowercase !== undefined && typeof lowercase !== 'boolean') fail('lowercase', `must be a boolean, got ${kindOf(lowercase)}`);
  const unknownToken = unknown ?? '<unk>';
  indexTokens(OP, strings, unknownToken, false);
  return new WordTokenizer(strings, { unknownToken, lowercase: lowercase ?? false });
}
