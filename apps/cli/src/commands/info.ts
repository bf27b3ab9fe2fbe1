/** `rnn info <checkpoint>`: what a checkpoint holds — the model (language model or seq2seq), its sizes, and every parameter. */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { closeCheckpoint, openAnyCheckpoint, type OpenedSeq2SeqCheckpoint } from '../model/checkpoint.js';
import { selectBackend } from '../options/backend.js';
import { jsonLine } from '../output/json-lines.js';
import { parameterRows, parameterTable, totalCount, type ParameterRow } from '../output/parameter-table.js';

export interface CheckpointInfo {
  readonly checkpoint: string;
  readonly step: number;
  readonly cell: string;
  readonly layers: number;
  readonly hidden: number;
  readonly inputSize: number;
  readonly embedding: number | null;
  readonly vocabSize: number;
  readonly tokenizer: 'char' | 'word';
  readonly dtype: string;
  readonly parameters: readonly ParameterRow[];
  readonly totalParameters: number;
  readonly train: Readonly<Record<string, unknown>>;
}

/** What `rnn info` says of a seq2seq checkpoint. */
export interface Seq2SeqCheckpointInfo {
  readonly task: 'seq2seq';
  readonly checkpoint: string;
  readonly step: number;
  readonly cell: string;
  readonly layers: number;
  readonly hidden: number;
  readonly bidirectional: boolean;
  readonly embedding: number | null;
  readonly attention: string;
  readonly bridge: string;
  readonly sourceVocab: number;
  /** Without the end token. */
  readonly targetVocab: number;
  readonly maxLength: number;
  readonly dtype: string;
  readonly parameters: readonly ParameterRow[];
  readonly totalParameters: number;
  readonly train: Readonly<Record<string, unknown>>;
}

export async function info(checkpointPath: string, { json = false }: { json?: boolean }, io: CliIo): Promise<CheckpointInfo | Seq2SeqCheckpointInfo> {
  await selectBackend('cpu');
  const opened = await openAnyCheckpoint(checkpointPath);
  if (opened.kind === 'seq2seq') {
    try {
      const summary = seq2seqInfo(opened);
      io.stdout.write(json ? jsonLine('info', { ...summary }) : describeSeq2Seq(summary));
      return summary;
    } finally {
      closeCheckpoint(opened);
    }
  }
  const { model, tokenizer, train, checkpoint, path } = opened;
  try {
    const parameters = parameterRows(model);
    const summary: CheckpointInfo = {
      checkpoint: path,
      step: checkpoint.step,
      cell: train.cell,
      layers: model.rnn.numLayers,
      hidden: train.hidden,
      inputSize: model.rnn.inputSize,
      embedding: model.embeddingDim,
      vocabSize: model.vocabSize,
      tokenizer: tokenizer.kind,
      dtype: model.head.weight.dtype,
      parameters,
      totalParameters: totalCount(parameters),
      train: { ...train },
    };
    io.stdout.write(json ? jsonLine('info', { ...summary }) : describe(summary));
    return summary;
  } finally {
    checkpoint.dispose();
    model.dispose();
  }
}

function seq2seqInfo({ model, sourceTokenizer, targetTokenizer, train, checkpoint, path }: OpenedSeq2SeqCheckpoint): Seq2SeqCheckpointInfo {
  const parameters = parameterRows(model);
  return {
    task: 'seq2seq',
    checkpoint: path,
    step: checkpoint.step,
    cell: train.cell,
    layers: model.encoder.rnn.numLayers,
    hidden: train.hidden,
    bidirectional: model.encoder.rnn.directions === 2,
    embedding: model.encoder.embeddingDim,
    attention: train.attention,
    bridge: model.bridge.mode,
    sourceVocab: sourceTokenizer.size,
    targetVocab: targetTokenizer.size,
    maxLength: model.maxLength,
    dtype: model.decoder.head.weight.dtype,
    parameters,
    totalParameters: totalCount(parameters),
    train: { ...train },
  };
}

function describeSeq2Seq(s: Seq2SeqCheckpointInfo): string {
  const input = (vocab: number): string => (s.embedding === null ? `one-hot ${vocab}` : `embedding ${vocab}×${s.embedding}`);
  const stack = `${s.cell} × ${s.layers} layer${s.layers === 1 ? '' : 's'} of ${s.hidden}`;
  const t = s.train;
  return [
    `checkpoint  ${s.checkpoint}`,
    `step        ${s.step}`,
    `encoder     ${input(s.sourceVocab)} → ${s.bidirectional ? 'bidirectional ' : ''}${stack}`,
    `decoder     ${input(s.targetVocab + 1)} → ${stack}, attention ${s.attention}, bridge ${s.bridge} → dense ${s.targetVocab + 1} (${s.dtype})`,
    `vocabulary  ${s.sourceVocab} source characters, ${s.targetVocab} target characters and the end token`,
    `max length  ${s.maxLength} target steps, end token included`,
    `trained on  ${String(t.data)}: batch ${String(t.batch)}, ${String(t.optimizer)} lr ${String(t.lr)}, clip ${String(t.clip)}, seed ${String(t.seed)}`,
    '',
    ...parameterTable(s.parameters, s.totalParameters),
    '',
  ].join('\n');
}

function describe(s: CheckpointInfo): string {
  const input = s.embedding === null ? `one-hot ${s.vocabSize}` : `embedding ${s.vocabSize}×${s.embedding}`;
  const t = s.train;
  return [
    `checkpoint  ${s.checkpoint}`,
    `step        ${s.step}`,
    `model       ${input} → ${s.cell} × ${s.layers} layer${s.layers === 1 ? '' : 's'} of ${s.hidden} → dense ${s.vocabSize} (${s.dtype})`,
    `vocabulary  ${s.vocabSize} ${s.tokenizer === 'char' ? 'characters' : 'words'}`,
    `trained on  ${String(t.data)}: seq-len ${String(t.seqLen)}, batch ${String(t.batch)}, ${String(t.optimizer)} lr ${String(t.lr)}, clip ${String(t.clip)}, seed ${String(t.seed)}`,
    '',
    ...parameterTable(s.parameters, s.totalParameters),
    '',
  ].join('\n');
}

export function infoCommand(program: Command, io: CliIo): Command {
  return program
    .command('info')
    .description('model summary and parameter counts of a checkpoint')
    .argument('<checkpoint>', 'a checkpoint file, or a training --out directory (its latest)')
    .option('--json', 'one JSON line')
    .addHelpText('after', '\nExample:\n  rnn info runs/shakespeare')
    .action(async (path: string, options: { json?: boolean }) => {
      await info(path, options, io);
    });
}
