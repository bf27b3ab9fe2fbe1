/** The error raised for sequence-to-sequence pairs that cannot be read or encoded. */
import { RnnError } from '@rnn/tensor';

/** Where in the input a {@link PairsError} is; the fields that apply are set. */
export interface PairsErrorDetails {
  /** The 1-based line of the text. */
  readonly line?: number;
  /** The file (or other name) the text came from, as passed in `{ source }`. */
  readonly source?: string;
  /** The 0-based index of the pair. */
  readonly pair?: number;
  /** Which side of the pair is at fault. */
  readonly side?: 'source' | 'target';
}

/** `data.tsv:12: detail`, `data.tsv: detail`; without a source `op: line 12: detail`, `op: detail`. */
function message(op: string, detail: string, { source, line }: PairsErrorDetails): string {
  if (source !== undefined) return `${line === undefined ? source : `${source}:${line}`}: ${detail}`;
  return `${op}: ${line === undefined ? '' : `line ${line}: `}${detail}`;
}

/**
 * Source/target pairs that cannot be used: a TSV line that is not `source<TAB>target`, text
 * without pairs, or a side a tokenizer cannot encode. The message starts with where —
 * `data.tsv:12: has no tab; …` — and `line`, `source`, `pair`, `side` say it as fields;
 * `detail` is the message without the location, and `cause` the tokenizer's error, if any.
 */
export class PairsError extends RnnError {
  override name = 'PairsError';
  readonly line: number | undefined;
  readonly source: string | undefined;
  readonly pair: number | undefined;
  readonly side: 'source' | 'target' | undefined;

  constructor(
    readonly op: string,
    readonly detail: string,
    details: PairsErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message(op, detail, details), options);
    this.line = details.line;
    this.source = details.source;
    this.pair = details.pair;
    this.side = details.side;
  }
}
