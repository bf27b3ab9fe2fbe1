/**
 * Typed errors. Each carries the data a caller needs to act, and a message that names the op,
 * the parameter and the values involved.
 */
import type { DType, Shape } from './backend/types.js';

const fmt = (shape: Shape): string => `[${shape.join(', ')}]`;

/** Base class, so callers can catch everything the library throws on purpose. */
export class RnnError extends Error {
  override name = 'RnnError';
}

/** Shapes that do not fit together. `shapes` are the offending operand shapes, in order. */
export class ShapeError extends RnnError {
  override name = 'ShapeError';
  constructor(
    readonly op: string,
    readonly shapes: readonly Shape[],
    readonly detail: string,
  ) {
    super(`${op}: ${detail} (got ${shapes.map(fmt).join(' and ')})`);
  }
}

/** A dtype the op does not accept, or two dtypes that must match and do not. */
export class DTypeError extends RnnError {
  override name = 'DTypeError';
  constructor(
    readonly op: string,
    readonly dtypes: readonly DType[],
    readonly detail: string,
  ) {
    super(`${op}: ${detail} (got ${dtypes.join(' and ')})`);
  }
}

/** An argument outside its allowed range or of the wrong kind (an axis, an index, a size…). */
export class ArgumentError extends RnnError {
  override name = 'ArgumentError';
  constructor(
    readonly op: string,
    readonly parameter: string,
    detail: string,
  ) {
    super(`${op}: ${parameter} ${detail}`);
  }
}

/** A tensor used after `dispose()` (directly, or by a `tidy` scope that ended). */
export class DisposedError extends RnnError {
  override name = 'DisposedError';
  constructor(
    readonly op: string,
    readonly tensorId: number,
    readonly shape: Shape,
  ) {
    super(
      `${op}: tensor #${tensorId} ${fmt(shape)} was disposed; keep() it or return it from tidy() to use it later`,
    );
  }
}

/** `dataSync()` on a backend whose caps say reads are async only (WebGPU). */
export class SyncReadError extends RnnError {
  override name = 'SyncReadError';
  constructor(readonly backend: string) {
    super(`dataSync: the ${backend} backend reads asynchronously only; use await tensor.data()`);
  }
}

/** Inputs living on different backends; moving is explicit (`await toBackend(t, b)`). */
export class BackendMismatchError extends RnnError {
  override name = 'BackendMismatchError';
  constructor(
    readonly op: string,
    readonly backends: readonly string[],
  ) {
    super(
      `${op}: inputs live on different backends (${backends.join(', ')}); move them with await toBackend(tensor, backend)`,
    );
  }
}

/** No backend was chosen and none was passed. */
export class NoBackendError extends RnnError {
  override name = 'NoBackendError';
  constructor(readonly op: string) {
    super(`${op}: no backend is set; call setBackend(createCpuBackend()) or pass { backend }`);
  }
}

/** NaN or ±Infinity where the caller asked for a check (`assertFinite`, debug mode). */
export class NonFiniteError extends RnnError {
  override name = 'NonFiniteError';
  constructor(
    readonly op: string,
    readonly index: number,
    readonly value: number,
  ) {
    super(`${op}: non-finite value ${value} at flat index ${index}`);
  }
}

/** Debug mode: a kernel left a different number of live handles than it returned. */
export class HandleLeakError extends RnnError {
  override name = 'HandleLeakError';
  constructor(
    readonly op: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${op}: expected ${expected} new handle(s) after the kernel, found ${actual}`);
  }
}

/** A misuse of autograd (a non-scalar output without a seed, a non-float input…). */
export class GradientError extends RnnError {
  override name = 'GradientError';
}
