/**
 * `rnn export <checkpoint> --to onnx|pytorch`: a model file or `rnn train` checkpoint written
 * for other tools — an ONNX graph for onnxruntime, or a PyTorch state dict (safetensors).
 */
import { basename, dirname, extname, join, resolve } from 'node:path';
import { exportOnnx } from '@rnn/interop';
import { savePyTorchWeights, writeFileAtomic } from '@rnn/layers';
import { Option, type Command } from 'commander';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { openModelOrCheckpoint } from '../model/model-or-checkpoint.js';
import { selectBackend } from '../options/backend.js';
import { choice } from '../options/parsers.js';
import { formatCount } from '../output/format.js';
import { jsonLine } from '../output/json-lines.js';
import { describeModel } from '../output/model-summary.js';

export const EXPORT_FORMATS = ['onnx', 'pytorch'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const EXTENSIONS: Readonly<Record<ExportFormat, string>> = { onnx: '.onnx', pytorch: '.pt.safetensors' };

export interface ExportOptions {
  readonly to: ExportFormat;
  /** Default: beside the input, `<name>.onnx` or `<name>.pt.safetensors`. */
  readonly out?: string;
  /** ONNX only: a `sequence_lens` input for batches of different lengths. */
  readonly sequenceLengths?: boolean;
  readonly json?: boolean;
}

export interface ExportSummary {
  readonly checkpoint: string;
  readonly to: ExportFormat;
  readonly out: string;
  readonly model: string;
  readonly bytes: number;
}

export async function exportModel(pathOrDir: string, options: ExportOptions, io: CliIo): Promise<ExportSummary> {
  await selectBackend('cpu');
  const { model, path } = await openModelOrCheckpoint(pathOrDir);
  try {
    const out = options.out ?? join(dirname(path), `${basename(path, extname(path))}${EXTENSIONS[options.to]}`);
    if (resolve(out) === resolve(path)) throw new CliError(`--out '${out}' is the file being exported`, 'give another --out');
    const bytes = options.to === 'onnx' ? exportOnnx(model, { sequenceLengths: options.sequenceLengths ?? false }) : await savePyTorchWeights(model);
    await writeFileAtomic(out, bytes);
    const summary: ExportSummary = { checkpoint: path, to: options.to, out, model: describeModel(model), bytes: bytes.length };
    io.stdout.write(options.json === true ? jsonLine('export', { ...summary }) : describe(summary));
    return summary;
  } finally {
    model.dispose();
  }
}

function describe(s: ExportSummary): string {
  const use =
    s.to === 'onnx'
      ? `Run it with onnxruntime: await ort.InferenceSession.create('${s.out}')`
      : `Load it in PyTorch: model.load_state_dict(safetensors.torch.load_file('${s.out}'))`;
  return [`exported    ${s.checkpoint}`, `model       ${s.model}`, `wrote       ${s.out} (${s.to}, ${formatCount(s.bytes)} bytes)`, '', use, ''].join('\n');
}

export function exportCommand(program: Command, io: CliIo): Command {
  return program
    .command('export')
    .description('write a model file or rnn train checkpoint as ONNX (for onnxruntime) or as a PyTorch state dict (safetensors)')
    .argument('<checkpoint>', 'a model file, a checkpoint, or a training --out directory (its latest)')
    .addOption(new Option('--to <format>', 'the format to write').choices(EXPORT_FORMATS).argParser(choice(EXPORT_FORMATS)).makeOptionMandatory())
    .option('--out <path>', 'the file to write (default: beside the input, .onnx or .pt.safetensors)')
    .option('--sequence-lengths', 'onnx: add a sequence_lens input (int32 [batch]) for batches of different lengths')
    .option('--json', 'one JSON line')
    .addHelpText('after', ['', 'Examples:', '  rnn export runs/shakespeare --to onnx', '  rnn export model.safetensors --to pytorch --out weights.safetensors'].join('\n'))
    .action(async (path: string, options: ExportOptions) => {
      await exportModel(path, options, io);
    });
}
