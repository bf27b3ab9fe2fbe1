/** Reading a loss tensor on any backend (WebGPU reads only asynchronously), then freeing it. */
import { readAll, type Tensor } from '@rnn/tensor';

export async function readLoss(loss: Tensor): Promise<number> {
  try {
    const [value] = await readAll([loss]);
    return value![0]!;
  } finally {
    loss.dispose();
  }
}
