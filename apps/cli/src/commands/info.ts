/** `rnn info <checkpoint>`: what a checkpoint holds — the model, its sizes, and every parameter. */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { openCheckpoint } from '../model/checkpoint.js';
import { selectBackend } from '../options/backend.js';
import { formatCount } from '../output/format.js';
import { jsonLine } from '../output/json-lines.js';

export interface ParameterRow {
  readonly name: string;
  readonly shape: readonly number[];
  readonly count: number;
}

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

export async function info(checkpointPath: string, { json = false }: { json?: boolean }, io: CliIo): Promise<CheckpointInfo> {
  await selectBackend('cpu');
  const { model, tokenizer, train, checkpoint, path } = await openCheckpoint(checkpointPath);
  try {
    const parameters = model.namedParameters().map(([name, p]) => ({ name, shape: [...p.shape], count: p.size }));
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
      totalParameters: parameters.reduce((n, p) => n + p.count, 0),
      train: { ...train },
    };
    io.stdout.write(json ? jsonLine('info', { ...summary }) : describe(summary));
    return summary;
  } finally {
    checkpoint.dispose();
    model.dispose();
  }
}

function describe(s: CheckpointInfo): string {
  const input = s.embedding === null ? `one-hot ${s.vocabSize}` : `embedding ${s.vocabSize}×${s.embedding}`;
  const rows = s.parameters.map((p) => [p.name, p.shape.join('×'), formatCount(p.count)]);
  const table = [['parameter', 'shape', 'count'], ...rows, ['total', '', formatCount(s.totalParameters)]];
  const widths = [0, 1, 2].map((c) => Math.max(...table.map((r) => r[c]!.length)));
  const line = (r: readonly string[]): string => `  ${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padStart(widths[2]!)}`.trimEnd();
  const t = s.train;
  return [
    `checkpoint  ${s.checkpoint}`,
    `step        ${s.step}`,
    `model       ${input} → ${s.cell} × ${s.layers} layer${s.layers === 1 ? '' : 's'} of ${s.hidden} → dense ${s.vocabSize} (${s.dtype})`,
    `vocabulary  ${s.vocabSize} ${s.tokenizer === 'char' ? 'characters' : 'words'}`,
    `trained on  ${String(t.data)}: seq-len ${String(t.seqLen)}, batch ${String(t.batch)}, ${String(t.optimizer)} lr ${String(t.lr)}, clip ${String(t.clip)}, seed ${String(t.seed)}`,
    '',
    line(table[0]!),
    ...rows.map(line),
    line(table.at(-1)!),
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
