import type { RandomSpec, TypedArray } from '../../backend/types.js';
import { philoxBlock, unitFloat } from '../../random/philox.js';

const TWO_PI = 2 * Math.PI;

/**
 * Element i comes from word i % 4 of Philox block `counter + floor(i / 4)`. Normals pair words
 * (0,1) and (2,3) of a block through Box–Muller, the first word of a pair taken in (0, 1] so
 * its log is finite.
 */
export function randomKernel(spec: RandomSpec, out: TypedArray): void {
  const words = new Uint32Array(4);
  const [k0, k1] = spec.key;
  for (let block = 0, i = 0; i < out.length; block++) {
    philoxBlock(k0, k1, spec.counter + block, words);
    for (let w = 0; w < 4 && i < out.length; w++, i++) {
      switch (spec.distribution) {
        case 'uniform':
          out[i] = spec.a + (spec.b - spec.a) * unitFloat(words[w]!);
          break;
        case 'bernoulli':
          out[i] = unitFloat(words[w]!) < spec.a ? 1 : 0;
          break;
        case 'normal': {
          const pair = w & ~1;
          const radius = Math.sqrt(-2 * Math.log(1 - unitFloat(words[pair]!)));
          const angle = TWO_PI * unitFloat(words[pair + 1]!);
          out[i] = spec.a + spec.b * radius * (w === pair ? Math.cos(angle) : Math.sin(angle));
          break;
        }
      }
    }
  }
}
