/**
 * `rnn import <file> --from pytorch|keras|onnx`: a model trained elsewhere, rebuilt as @rnn
 * modules and written as a model file (`saveModel`'s format) that `rnn export`, `loadModelFile`
 * and the libraries read.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname, join, dirname, resolve } from 'node:path';
import { importKeras, importOnnx, importPyTorch } from '@rnn/interop';
import { saveModelFile, type Module } from '@rnn/layers';
import { Option, type Command } from 'commander';
import { CliError, fileError } from '../errors.js';
import type { CliIo } from '../io.js';
import { selectBackend } from '../options/backend.js';
import { choice } from '../options/parsers.js';
import { formatCount } from '../output/format.js';
import { jsonLine } from '../output/json-lines.js';
import { describeModel } from '../output/model-summary.js';
import { parameterRows, parameterTable, totalCount, type ParameterRow } from '../output/parameter-table.js';

export const IMPORT_FORMATS = ['pytorch', 'keras', 'onnx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  readonly from: ImportFormat;
  /** Default: beside the input, `<name>.rnn.safetensors`. */
  readonly out?: string;
  /** PyTorch only: `nn.RNN`'s nonlinearity, which its weights do not tell. */
  readonly nonlinearity?: 'tanh' | 'relu';
  /** PyTorch only: the recurrent layers were built with `batch_first=True`. */
  readonly batchFirst?: boolean;
  readonly json?: boolean;
}

export interface ImportSummary {
  readonly file: string;
  readonly from: ImportFormat;
  readonly out: string;
  readonly model: string;
  readonly parameters: readonly ParameterRow[];
  readonly totalParameters: number;
}

/** Reads `file`, rebuilds its model and writes it to the output path; returns what it did. */
export async function importModel(file: string, options: ImportOptions, io: CliIo): Promise<ImportSummary> {
  await selectBackend('cpu');
  const out = options.out ?? join(dirname(file), `${basename(file, extname(file))}.rnn.safetensors`);
  if (resolve(out) === resolve(file)) throw new CliError(`--out '${out}' is the file being imported`, 'give another --out');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw fileError(`${options.from} file`, file, e, 'check the path');
  }
  const model = rebuild(bytes, options);
  try {
    await saveModelFile(out, model);
    const parameters = parameterRows(model);
    const summary: ImportSummary = { file, from: options.from, out, model: describeModel(model), parameters, totalParameters: totalCount(parameters) };
    io.stdout.write(options.json === true ? jsonLine('import', { ...summary }) : describe(summary));
    return summary;
  } finally {
    model.dispose();
  }
}

function rebuild(bytes: Uint8Array, options: ImportOptions): Module {
  switch (options.from) {
    case 'pytorch':
      return importPyTorch(bytes, { nonlinearity: options.nonlinearity ?? 'tanh', batchFirst: options.batchFirst ?? false }).model;
    case 'keras':
      return importKeras(bytes).model;
    case 'onnx':
      return importOnnx(bytes);
  }
}

function describe(s: ImportSummary): string {
  return [
    `imported    ${s.file} (${s.from})`,
    `model       ${s.model}`,
    `wrote       ${s.out} (${formatCount(s.totalParameters)} parameters)`,
    '',
    ...parameterTable(s.parameters, s.totalParameters),
    '',
    `Export it with: rnn export ${s.out} --to onnx`,
    '',
  ].join('\n');
}

export function importCommand(program: Command, io: CliIo): Command {
  return program
    .command('import')
    .description('rebuild a model trained with PyTorch (a safetensors state dict), Keras (.keras or .h5) or exported to ONNX, as an @rnn model file')
    .argument('<file>', 'the model or weights file')
    .addOption(new Option('--from <format>', 'what wrote the file').choices(IMPORT_FORMATS).argParser(choice(IMPORT_FORMATS)).makeOptionMandatory())
    .option('--out <path>', 'the model file to write (default: <file>.rnn.safetensors beside the input)')
    .addOption(new Option('--nonlinearity <name>', "pytorch: nn.RNN's nonlinearity, which weights do not tell").choices(['tanh', 'relu']).default('tanh'))
    .option('--batch-first', 'pytorch: the recurrent layers were built with batch_first=True')
    .option('--json', 'one JSON line')
    .addHelpText(
      'after',
      [
        '',
        'PyTorch: save the weights with safetensors.torch.save_file(model.state_dict(), "model.safetensors");',
        'the modules (RNN/LSTM/GRU, their cells, Linear, Embedding) are inferred from the names and shapes.',
        '',
        'Examples:',
        '  rnn import char_rnn.safetensors --from pytorch',
        '  rnn import model.keras --from keras --out model.safetensors',
        '  rnn import model.onnx --from onnx',
      ].join('\n'),
    )
    .action(async (file: string, options: ImportOptions) => {
      await importModel(file, options, io);
    });
}
