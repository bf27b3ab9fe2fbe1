/**
 * Ordering modules into a chain by their sizes: each module's output size is the next one's input
 * size. An `Embedding` (a lone matrix whose rows are ids) can only come first.
 */
import { UnsupportedModelError } from '../errors.js';

export interface ChainLink<M> {
  readonly module: M;
  /** The module's state-dict prefix, for messages. */
  readonly name: string;
  readonly inputSize: number;
  readonly outputSize: number;
  /** Set when the module may also be an Embedding of this many features (a lone `weight`). */
  readonly embeddingSize?: number;
}

export interface Placed<M> {
  readonly module: M;
  /** The first link, taken as an Embedding. */
  readonly asEmbedding: boolean;
}

/**
 * The one order in which every link feeds the next; UnsupportedModelError when there is none or
 * more than one, naming the modules the sizes could not place.
 */
export function orderChain<M>(links: readonly ChainLink<M>[]): Placed<M>[] {
  const fed = (size: number, except: ChainLink<M>): boolean => links.some((l) => l !== except && l.inputSize === size);
  const producedBy = (size: number, except: ChainLink<M>): boolean => links.some((l) => l !== except && l.outputSize === size);
  // The head: an embedding whose vectors something reads, or the one link nothing else feeds.
  const embeddings = links.filter((l) => l.embeddingSize !== undefined && fed(l.embeddingSize, l));
  const heads = embeddings.length > 0 ? embeddings : links.filter((l) => !producedBy(l.inputSize, l));
  if (heads.length !== 1) ambiguous(links, heads.length === 0 ? 'no module starts the chain' : `${heads.map((h) => `'${h.name}'`).join(' and ')} could each start it`);
  const head = heads[0]!;
  const asEmbedding = embeddings.length > 0;
  const order: Placed<M>[] = [{ module: head.module, asEmbedding }];
  let size = asEmbedding ? head.embeddingSize! : head.outputSize;
  const left = links.filter((l) => l !== head);
  while (left.length > 0) {
    const next = left.filter((l) => l.inputSize === size);
    if (next.length !== 1) ambiguous(links, next.length === 0 ? `nothing takes the ${size} features '${order.length === 1 ? head.name : 'the chain'}' produces, yet ${left.map((l) => `'${l.name}'`).join(', ')} remain` : `${next.map((l) => `'${l.name}'`).join(' and ')} both take ${size} features`);
    order.push({ module: next[0]!.module, asEmbedding: false });
    size = next[0]!.outputSize;
    left.splice(left.indexOf(next[0]!), 1);
  }
  return order;
}

function ambiguous<M>(links: readonly ChainLink<M>[], detail: string): never {
  throw new UnsupportedModelError('pytorch', links.map((l) => l.name).join(', '), `cannot be ordered into one chain by their sizes: ${detail}; build the model in code and use loadPyTorchWeights`);
}
