/**
 * The `.keras` zip (Keras 3 `model.save`): config.json, metadata.json and model.weights.h5, as
 * keras/src/saving/saving_lib.py `_save_model_to_fileobj` writes them. Only those entries are
 * inflated, and only when their declared sizes are possible: deflate expands at most 1032:1,
 * so an entry claiming more is a zip bomb or a lie and is refused before any allocation.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { KerasFormatError } from '../errors.js';

export const CONFIG_ENTRY = 'config.json';
export const METADATA_ENTRY = 'metadata.json';
export const WEIGHTS_ENTRY = 'model.weights.h5';
const WANTED = new Set([CONFIG_ENTRY, METADATA_ENTRY, WEIGHTS_ENTRY]);
/** Deflate's largest possible expansion ratio (RFC 1951: 258 bytes from 2 bits, ≈1032:1). */
const MAX_DEFLATE_RATIO = 1032;
const STORED = 0;
const DEFLATE = 8;

/** The zip signature ('PK\x03\x04'); an empty archive ('PK\x05\x06') holds no model. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export interface KerasArchive {
  /** config.json's text, or null in a weights-only archive. */
  readonly config: string | null;
  /** metadata.json's text, or null. */
  readonly metadata: string | null;
  readonly weights: Uint8Array;
}

/** The entries of a `.keras` file; a {@link KerasFormatError} names the entry when one is bad. */
export function readKerasArchive(bytes: Uint8Array): KerasArchive {
  // Filled by the filter, which fflate calls inside unzipSync.
  const refused: KerasFormatError[] = [];
  const filter = (entry: UnzipFileInfo): boolean => {
    if (!WANTED.has(entry.name)) return false;
    const possible = entry.compression === STORED ? entry.size : entry.compression === DEFLATE ? entry.size * MAX_DEFLATE_RATIO : -1;
    if (possible < 0) refused.push(new KerasFormatError(entry.name, `uses zip compression method ${entry.compression}; Keras writes stored or deflated entries`));
    else if (entry.originalSize > possible) refused.push(new KerasFormatError(entry.name, `declares ${entry.originalSize} bytes from ${entry.size} compressed, which no zip can hold`));
    return refused.length === 0;
  };
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter });
  } catch (cause) {
    throw refused[0] ?? new KerasFormatError('zip', `unreadable zip archive: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  if (refused[0] !== undefined) throw refused[0];
  const weights = entries[WEIGHTS_ENTRY];
  if (weights === undefined) throw new KerasFormatError(WEIGHTS_ENTRY, 'is missing from the .keras archive');
  return { config: text(entries, CONFIG_ENTRY), metadata: text(entries, METADATA_ENTRY), weights };
}

function text(entries: Readonly<Record<string, Uint8Array>>, name: string): string | null {
  const bytes = entries[name];
  if (bytes === undefined) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new KerasFormatError(name, 'is not UTF-8 text', { cause });
  }
}
