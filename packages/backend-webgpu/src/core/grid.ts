/**
 * One invocation per element over a 1-D range of any length: workgroups of 64 laid out in x,
 * spilling into y past the 65 535-workgroup limit of one dimension.
 */
export const WORKGROUP = 64;
const MAX_PER_DIMENSION = 65_535;

/** Workgroup counts covering `n` invocations. */
export function gridFor(n: number, perWorkgroup = WORKGROUP): [number, number] {
  const groups = Math.ceil(n / perWorkgroup);
  if (groups <= MAX_PER_DIMENSION) return [groups, 1];
  return [MAX_PER_DIMENSION, Math.ceil(groups / MAX_PER_DIMENSION)];
}

/**
 * The entry point header for a {@link gridFor} dispatch; the body sees `index`, the invocation's
 * element, and must return when `index` is past the end.
 */
export const linearMain = (perWorkgroup = WORKGROUP): string => /* wgsl */ `
@compute @workgroup_size(${perWorkgroup})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let index = (wid.y * nwg.x + wid.x) * ${perWorkgroup}u + lid;`;
