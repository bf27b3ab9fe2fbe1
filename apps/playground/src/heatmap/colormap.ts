/**
 * The heatmaps' colours. A range around 0 (tanh states, [−1, 1]; an LSTM's unbounded cell state)
 * gets a diverging map — blue below 0, white at 0, red above — so sign reads at a glance; a range
 * on one side of 0 (sigmoid gates, [0, 1]) gets viridis, sequential and perceptually uniform, so
 * "more open" is "brighter". Both are ColorBrewer RdBu / matplotlib viridis sampled at a few
 * stops and interpolated.
 */
export type ColormapKind = 'diverging' | 'sequential';
export type Rgb = readonly [number, number, number];

const STOPS: Readonly<Record<ColormapKind, readonly Rgb[]>> = {
  diverging: [
    [33, 102, 172],
    [146, 197, 222],
    [247, 247, 247],
    [244, 165, 130],
    [178, 24, 43],
  ],
  sequential: [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ],
};

/** What a NaN shows as: neither end of either map, so a diverged unit stands out. */
export const NAN_COLOUR: Rgb = [128, 128, 128];

/** How values map to colours: the map, and the values at its two ends. */
export interface ColourScale {
  readonly kind: ColormapKind;
  readonly low: number;
  readonly high: number;
}

/** The scale for an activation's range; one straddling 0 is widened to be symmetric, so 0 stays white. */
export function colourScale([low, high]: readonly [number, number]): ColourScale {
  if (low >= 0 || high <= 0) return { kind: 'sequential', low, high };
  const reach = Math.max(-low, high);
  return { kind: 'diverging', low: -reach, high: reach };
}

/** The colour at `t` ∈ [0, 1] along the map (clamped; NaN: {@link NAN_COLOUR}). */
export function colourAt(kind: ColormapKind, t: number): Rgb {
  if (Number.isNaN(t)) return NAN_COLOUR;
  const stops = STOPS[kind];
  const position = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const index = Math.min(Math.floor(position), stops.length - 2);
  const fraction = position - index;
  const from = stops[index]!;
  const to = stops[index + 1]!;
  const mix = (channel: 0 | 1 | 2): number => Math.round(from[channel] + (to[channel] - from[channel]) * fraction);
  return [mix(0), mix(1), mix(2)];
}
