/**
 * The model in a file of either kind @rnn writes: a model file (`saveModel`, `rnn import`) or a
 * training checkpoint (`rnn train`, the playground). `rnn export` takes both.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, loadModel, MODEL_FORMAT, SafetensorsError, type Module } from '@rnn/layers';
import { decodeCheckpoint } from '@rnn/train';
import { RnnError } from '@rnn/tensor';
import { CliError, fileError } from '../errors.js';
import { checkpointPath } from './checkpoint.js';

const EXPECTED = `give a model file (written by rnn import or saveModel, format ${MODEL_FORMAT}) or a checkpoint of rnn train or its --out directory`;

/** The model `pathOrDir` holds (a directory: its latest checkpoint), and the file it came from. */
export async function openModelOrCheckpoint(pathOrDir: string): Promise<{ readonly model: Module; readonly path: string }> {
  const path = await checkpointPath(pathOrDir);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw fileError('model', path, e, EXPECTED);
  }
  try {
    try {
      return { model: loadModel(bytes), path };
    } catch (e) {
      // Not a model file: perhaps a checkpoint, whose model is rebuilt the same way.
      if (!(e instanceof ConfigError && e.path === '__metadata__.format')) throw e;
      const checkpoint = decodeCheckpoint(bytes);
      checkpoint.dispose();
      return { model: checkpoint.model, path };
    }
  } catch (e) {
    if (e instanceof SafetensorsError) throw new CliError(`'${path}' is not a model (not a safetensors file: ${e.message})`, EXPECTED);
    if (e instanceof RnnError) throw new CliError(`'${path}' is not a model rnn can use (${e.message})`, EXPECTED);
    throw e;
  }
}
