/**
 * Gate blocks per recurrent layer kind: the G of the [G·hidden, …] weight shapes that PyTorch,
 * ONNX and Keras all stack (in different gate orders). One table for the three formats.
 */
export type RecurrentKind = 'RNN' | 'LSTM' | 'GRU';

export const GATE_COUNT: Readonly<Record<RecurrentKind, number>> = { RNN: 1, LSTM: 4, GRU: 3 };

/** The kind with `gates` gate blocks, or undefined. */
export const kindWithGates = (gates: number): RecurrentKind | undefined => (Object.keys(GATE_COUNT) as RecurrentKind[]).find((kind) => GATE_COUNT[kind] === gates);
