/**
 * Coalescing redraws: the worker reports progress several times a second and every report could
 * redraw three charts, but the screen only changes once per frame.
 */
export type RequestFrame = (callback: () => void) => unknown;

/** A function that asks for `draw` to run at the next frame, once however often it is called. */
export function oncePerFrame(draw: () => void, requestFrame: RequestFrame = (callback) => requestAnimationFrame(callback)): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestFrame(() => {
      pending = false;
      draw();
    });
  };
}
