/** Source/target pairs from tab-separated text, one pair per line (the usual translation-data format). */
import { PairsError } from './errors.js';

export interface ParseTsvPairsOptions {
  /** The name of the text, a file name say, for error messages: `data.tsv:12: has no tab; …`. */
  readonly source?: string;
}

/** One source/target example, the text of each side as written. */
export interface TextPair {
  readonly source: string;
  readonly target: string;
  /** The 1-based line it was read from (set by `parseTsvPairs`), for error messages. */
  readonly line?: number;
}

const OP = 'parseTsvPairs';
const FORMAT = 'each line must be "source<TAB>target"';

/**
 * Reads `text` as lines of `source<TAB>target`, as Tatoeba and the PyTorch seq2seq tutorial's
 * data are. Lines end with `\n` or `\r\n`; blank lines (empty or spaces only) and a trailing
 * newline are skipped, a leading byte-order mark dropped; each side is kept exactly as written
 * (no trimming). A line with no tab or more than one, an empty side, or text with no pair at
 * all is a {@link PairsError} naming the line (1-based, counting blank lines) and `source`.
 *
 * @example
 * parseTsvPairs('hi\tsalut\r\n\nyes\toui\n'); // [{ source: 'hi', target: 'salut' }, { source: 'yes', target: 'oui' }]
 * parseTsvPairs('hi salut', { source: 'fr.tsv' }); // PairsError: fr.tsv:1: has no tab; each line must be "source<TAB>target"
 */
export function parseTsvPairs(text: string, options: ParseTsvPairsOptions = {}): TextPair[] {
  const { source } = options;
  const fail = (detail: string, line?: number): PairsError =>
    new PairsError(OP, detail, { ...(source === undefined ? {} : { source }), ...(line === undefined ? {} : { line }) });
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r?\n/);
  const pairs: TextPair[] = [];
  lines.forEach((content, i) => {
    const line = i + 1;
    if (/^ *$/.test(content)) return;
    const fields = content.split('\t');
    if (fields.length === 1) throw fail(`has no tab; ${FORMAT}`, line);
    if (fields.length > 2) throw fail(`has ${fields.length - 1} tabs; ${FORMAT} with exactly one tab`, line);
    const [sourceText, targetText] = fields as [string, string];
    if (sourceText === '') throw fail(`has an empty source (nothing before the tab); ${FORMAT}`, line);
    if (targetText === '') throw fail(`has an empty target (nothing after the tab); ${FORMAT}`, line);
    pairs.push({ source: sourceText, target: targetText, line });
  });
  if (pairs.length === 0) throw fail(`has no pairs; ${FORMAT}`);
  return pairs;
}
