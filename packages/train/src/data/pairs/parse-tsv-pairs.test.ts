import { RnnError } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { PairsError } from './errors.js';
import { parseTsvPairs } from './parse-tsv-pairs.js';

describe('parseTsvPairs', () => {
  it('reads one source<TAB>target pair per line, each side as written', () => {
    expect(parseTsvPairs('Go.\tVa !\nI see, she said.\t « Je vois » ')).toEqual([
      { source: 'Go.', target: 'Va !', line: 1 },
      { source: 'I see, she said.', target: ' « Je vois » ', line: 2 },
    ]);
  });

  it('skips blank lines and a trailing newline, handles \\r\\n and drops a byte-order mark', () => {
    const text = '\uFEFFhi\tsalut\r\n\r\n   \r\nyes\toui\r\n';
    expect(parseTsvPairs(text)).toEqual([
      { source: 'hi', target: 'salut', line: 1 },
      { source: 'yes', target: 'oui', line: 4 },
    ]);
    expect(parseTsvPairs('a\tb\n\n\n')).toEqual([{ source: 'a', target: 'b', line: 1 }]);
  });

  it('names the file and the 1-based line, blank lines counted, of a line with no tab', () => {
    const error = catchError(() => parseTsvPairs('hi\tsalut\n\n\nyes oui\n', { source: 'data.tsv' }));
    expect(error).toBeInstanceOf(PairsError);
    expect(error).toBeInstanceOf(RnnError);
    expect(error.name).toBe('PairsError');
    expect(error.message).toBe('data.tsv:4: has no tab; each line must be "source<TAB>target"');
    expect(error.line).toBe(4);
    expect(error.source).toBe('data.tsv');
    expect(error.detail).toBe('has no tab; each line must be "source<TAB>target"');
  });

  it('counts \\r\\n lines like \\n lines', () => {
    expect(() => parseTsvPairs('a\tb\r\n\r\nc\r\n', { source: 'x.tsv' })).toThrow('x.tsv:3: has no tab;');
  });

  it('names the line without a file as parseTsvPairs: line N', () => {
    const error = catchError(() => parseTsvPairs('a\tb\nc'));
    expect(error.message).toBe('parseTsvPairs: line 2: has no tab; each line must be "source<TAB>target"');
    expect(error.source).toBeUndefined();
    expect(error.line).toBe(2);
  });

  it('rejects a line with more than one tab', () => {
    expect(() => parseTsvPairs('a\tb\tc', { source: 'data.tsv' })).toThrow(
      'data.tsv:1: has 2 tabs; each line must be "source<TAB>target" with exactly one tab',
    );
    expect(() => parseTsvPairs('a\tb\nx\t\t\ty')).toThrow('parseTsvPairs: line 2: has 3 tabs;');
  });

  it('rejects an empty source and an empty target', () => {
    expect(() => parseTsvPairs('a\tb\n\tsalut', { source: 'data.tsv' })).toThrow(
      'data.tsv:2: has an empty source (nothing before the tab); each line must be "source<TAB>target"',
    );
    expect(() => parseTsvPairs('hi\t\r\n', { source: 'data.tsv' })).toThrow(
      'data.tsv:1: has an empty target (nothing after the tab); each line must be "source<TAB>target"',
    );
    expect(() => parseTsvPairs('\t')).toThrow('parseTsvPairs: line 1: has an empty source');
  });

  it('rejects text with no pairs, naming the file', () => {
    for (const text of ['', '\n', '\r\n  \n', '\uFEFF']) {
      const error = catchError(() => parseTsvPairs(text, { source: 'empty.tsv' }));
      expect(error.message).toBe('empty.tsv: has no pairs; each line must be "source<TAB>target"');
      expect(error.line).toBeUndefined();
    }
    expect(() => parseTsvPairs('')).toThrow('parseTsvPairs: has no pairs; each line must be "source<TAB>target"');
  });
});

function catchError(fn: () => unknown): PairsError {
  try {
    fn();
  } catch (error) {
    return error as PairsError;
  }
  throw new Error('expected an error');
}
