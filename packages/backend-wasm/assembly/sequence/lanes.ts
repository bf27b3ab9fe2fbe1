// Four lanes at a time over a row, with the row's tail (width % 4) as one more partial vector:
// gate math is written once, on f32x4, and a family's lane function is called with n = 4 in
// the main loop (where these helpers inline to plain v128 loads and stores) and with n < 4 for
// the tail. Partial accesses touch only lanes [0, n): rows sit back to back, and the last one
// may end where the heap does.

/** Lanes [0, n) of the floats at p; the others zero. */
// @ts-ignore: decorator
@inline export function ld(p: usize, n: i32): v128 {
  return n == 4 ? v128.load(p) : loadPartial(p, n);
}

/** Stores lanes [0, n) of v at p. */
// @ts-ignore: decorator
@inline export function st(p: usize, v: v128, n: i32): void {
  if (n == 4) v128.store(p, v);
  else storePartial(p, v, n);
}

function loadPartial(p: usize, n: i32): v128 {
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

function storePartial(p: usize, v: v128, n: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** Zeroes `floats` floats at p. */
// @ts-ignore: decorator
@inline export function zero(p: usize, floats: i32): void {
  memory.fill(p, 0, <usize>floats << 2);
}

/** Copies `floats` floats from src to dst. */
// @ts-ignore: decorator
@inline export function copy(dst: usize, src: usize, floats: i32): void {
  memory.copy(dst, src, <usize>floats << 2);
}
