/** The gate nonlinearities, evaluated in float64 like the rest of the cpu backend. */

/** σ(x) = 1 / (1 + e^(−x)), the form the cpu `sigmoid` kernel uses. Its derivative is σ(1 − σ). */
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
