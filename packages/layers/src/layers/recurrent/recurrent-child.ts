/** Reading a recurrent layer out of a parent's config (LanguageModel, Encoder, Decoder). */
import { ConfigError } from '../../errors.js';
import type { ConfigReader } from '../../module/config.js';
import { Recurrent } from './recurrent.js';

/** The recurrent layer under `key` of a config; anything else is disposed and refused. */
export function recurrentChild(options: ConfigReader, key: string): Recurrent {
  const child = options.module(key);
  if (child instanceof Recurrent) return child;
  const type = child.toConfig().type;
  child.dispose();
  throw new ConfigError(`${options.path}.${key}`, `must be a recurrent layer, got '${type}'`);
}
