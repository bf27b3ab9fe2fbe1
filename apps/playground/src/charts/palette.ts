/** The charts' colours, shared so a series means the same thing in every panel. */
export const PALETTE = {
  rawLoss: 'rgba(37, 99, 235, 0.3)',
  smoothedLoss: '#1d4ed8',
  validationLoss: '#ea580c',
  gradNorm: '#7c3aed',
  speed: '#0f766e',
  /** One per gradient curve: this model, up to three earlier runs, then the fresh tanh RNN and LSTM. */
  curves: ['#1d4ed8', '#7c3aed', '#ca8a04', '#0891b2', '#dc2626', '#059669'],
} as const;
