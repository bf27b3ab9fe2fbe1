import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { checkSeq2SeqOptions } from '../model/build-seq2seq.js';
import { createProgram } from '../program.js';
import { checkTaskOptions, resolveTrainOptions, trainConfigJson, type ResolvedTrainOptions } from './resolve-train.js';
import { addTrainOptions, type TrainConfig } from './train-options.js';

/** Parses `rnn train …args` without running it. */
function parseTrain(args: readonly string[]): ResolvedTrainOptions {
  const command = addTrainOptions(new Command('train').exitOverride().configureOutput({ writeErr: () => {} }));
  command.parse([...args], { from: 'user' });
  return resolveTrainOptions(command);
}

function check(args: readonly string[]): TrainConfig {
  const { config, explicit } = parseTrain(args);
  checkTaskOptions(config, explicit);
  if (config.task === 'seq2seq') checkSeq2SeqOptions(config);
  return config;
}

describe('seq2seq train options', () => {
  it('default to a language model; --task seq2seq has Luong general attention, input feeding, an auto bridge and no scheduled sampling', () => {
    expect(check(['--data', 'x.txt']).task).toBe('lm');
    const config = check(['--task', 'seq2seq', '--data', 'p.tsv']);
    expect(config).toMatchObject({ task: 'seq2seq', attention: 'luong-general', inputFeeding: true, bridge: 'auto', maxLength: undefined, samplingRate: 0, valData: undefined });
  });

  it('parses every seq2seq flag', () => {
    const flags = ['--task', 'SEQ2SEQ', '--data', 'p.tsv', '--val-data', 'v.tsv', '--attention', 'luong-general', '--no-input-feeding', '--bridge', 'dense', '--max-length', '12', '--sampling-rate', '0.25', '--bidirectional'];
    const config = check(flags);
    expect(config).toMatchObject({ task: 'seq2seq', attention: 'luong-general', inputFeeding: false, bridge: 'dense', maxLength: 12, samplingRate: 0.25, bidirectional: true });
    expect(config.valData).toMatch(/\/v\.tsv$/); // absolute, as --data
  });

  it('refuses bad values as commander errors', () => {
    expect(() => parseTrain(['--attention', 'dot'])).toThrow(CommanderError);
    expect(() => parseTrain(['--bridge', 'glue'])).toThrow(/Expected one of auto, copy, dense, none/);
    expect(() => parseTrain(['--max-length', '0'])).toThrow(/Expected a positive integer/);
    expect(() => parseTrain(['--sampling-rate', '1.5'])).toThrow(/Expected a number in \[0, 1\]/);
    expect(() => parseTrain(['--task', 'translation'])).toThrow(/Expected one of lm, seq2seq/);
  });

  it("refuses the other task's options, with the reason", () => {
    expect(() => check(['--attention', 'bahdanau'])).toThrow('--attention applies to --task seq2seq only, not --task lm; add --task seq2seq, or drop --attention');
    expect(() => check(['--no-input-feeding'])).toThrow(/--no-input-feeding applies to --task seq2seq only/);
    expect(() => check(['--task', 'seq2seq', '--seq-len', '10'])).toThrow(/--seq-len applies to --task lm only, not --task seq2seq \(seq2seq batches hold whole pairs/);
    expect(() => check(['--task', 'seq2seq', '--tokenizer', 'word'])).toThrow(/character-level/);
    expect(() => check(['--task', 'seq2seq', '--val-data', 'v.tsv', '--val-fraction', '0.2'])).toThrow('--val-data and --val-fraction both set the validation pairs; give one of them');
  });

  it('refuses model combinations that cannot work', () => {
    expect(() => check(['--task', 'seq2seq', '--attention', 'none', '--no-input-feeding'])).toThrow(/applies to Luong attention/);
    expect(() => check(['--task', 'seq2seq', '--attention', 'luong-dot', '--bidirectional'])).toThrow(/luong-dot .* 256 units with --bidirectional/);
    expect(() => check(['--task', 'seq2seq', '--bridge', 'copy', '--bidirectional'])).toThrow(CliError);
    expect(check(['--task', 'seq2seq', '--bidirectional']).bidirectional).toBe(true); // the encoder's
  });

  it("saves only the run's task's options", () => {
    const lm = trainConfigJson(check(['--data', 'x.txt']));
    expect(lm).toMatchObject({ task: 'lm', seqLen: 50, tokenizer: 'char' });
    expect(lm).not.toHaveProperty('attention');
    const seq2seq = trainConfigJson({ ...check(['--task', 'seq2seq', '--data', 'p.tsv']), maxLength: 9 });
    expect(seq2seq).toMatchObject({ task: 'seq2seq', attention: 'luong-general', inputFeeding: true, maxLength: 9 });
    expect(seq2seq).not.toHaveProperty('seqLen');
  });

  it('rnn translate has its flags', () => {
    const translate = createProgram().commands.find((c) => c.name() === 'translate')!;
    expect(translate.options.map((o) => o.long)).toEqual(['--input', '--file', '--beam', '--length-penalty', '--max-length', '--n-best', '--attention', '--backend', '--json']);
  });
});
