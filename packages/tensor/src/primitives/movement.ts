/** Movement primitives and their VJPs. Only `reshape` is free (it shares storage). */
import type { Shape } from '../backend/types.js';
import { gather, scatterAdd } from '../ops/gather.js';
import { pad, permute, reverse, slice } from '../ops/movement.js';
import { reshape } from '../ops/reshape.js';
import { primitive } from './primitive.js';

export const reshapePrimitive = primitive<{ shape: Shape }>({
  name: 'reshape',
  forward: (backend, [x], { shape }) => {
    backend.incRef(x!.handle);
    return [{ handle: x!.handle, shape, dtype: x!.dtype }];
  },
  vjp: ({ dys, inputShapes }) => [reshape(dys[0]!, inputShapes[0]!)],
});

/** An alias with no VJP: the tape never records it, so gradients stop here. */
export const stopGradientPrimitive = primitive<null>({
  name: 'stopGradient',
  forward: (backend, [x]) => {
    backend.incRef(x!.handle);
    return [{ handle: x!.handle, shape: x!.shape, dtype: x!.dtype }];
  },
});

export const permutePrimitive = primitive<{ perm: readonly number[] }>({
  name: 'permute',
  forward: (backend, [x], { perm }) => [
    { handle: backend.permute(x!, perm), shape: perm.map((p) => x!.shape[p]!), dtype: x!.dtype },
  ],
  vjp: ({ attrs: { perm }, dys }) => {
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    return [permute(dys[0]!, inverse)];
  },
});

export const slicePrimitive = primitive<{ begin: readonly number[]; size: readonly number[] }>({
  name: 'slice',
  forward: (backend, [x], { begin, size }) => [{ handle: backend.slice(x!, begin, size), shape: size, dtype: x!.dtype }],
  vjp: ({ attrs: { begin, size }, dys, inputShapes }) => {
    const shape = inputShapes[0]!;
    return [pad(dys[0]!, begin.map((b, i) => [b, shape[i]! - b - size[i]!] as const))];
  },
});

export const concatPrimitive = primitive<{ axis: number }>({
  name: 'concat',
  forward: (backend, xs, { axis }) => {
    const shape = [...xs[0]!.shape];
    shape[axis] = xs.reduce((n, x) => n + x.shape[axis]!, 0);
    return [{ handle: backend.concat(xs, axis), shape, dtype: xs[0]!.dtype }];
  },
  vjp: ({ attrs: { axis }, dys, inputShapes, needs }) => {
    const dy = dys[0]!;
    let offset = 0;
    return inputShapes.map((shape, i) => {
      const begin = shape.map((_, k) => (k === axis ? offset : 0));
      offset += shape[axis]!;
      return needs[i] ? slice(dy, begin, shape) : null;
    });
  },
});

export const reversePrimitive = primitive<{ axes: readonly number[] }>({
  name: 'reverse',
  forward: (backend, [x], { axes }) => [{ handle: backend.reverse(x!, axes), shape: x!.shape, dtype: x!.dtype }],
  vjp: ({ attrs: { axes }, dys }) => [reverse(dys[0]!, axes)],
});

export const gatherPrimitive = primitive<{ axis: number }>({
  name: 'gather',
  forward: (backend, [x, indices], { axis }) => {
    const shape = [...x!.shape.slice(0, axis), ...indices!.shape, ...x!.shape.slice(axis + 1)];
    return [{ handle: backend.gather(x!, indices!, axis), shape, dtype: x!.dtype }];
  },
  saves: () => ({ inputs: [1] }),
  vjp: ({ attrs: { axis }, inputs, dys, inputShapes }) => [scatterAdd(inputs[1]!, dys[0]!, axis, inputShapes[0]!), null],
});

export const scatterAddPrimitive = primitive<{ axis: number; outShape: Shape }>({
  name: 'scatterAdd',
  forward: (backend, [indices, updates], { axis, outShape }) => [
    { handle: backend.scatterAdd(indices!, updates!, axis, outShape), shape: outShape, dtype: updates!.dtype },
  ],
  saves: () => ({ inputs: [0] }),
  vjp: ({ attrs: { axis }, inputs, dys }) => [null, gather(dys[0]!, inputs[0]!, axis)],
});
