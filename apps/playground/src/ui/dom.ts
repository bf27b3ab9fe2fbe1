/**
 * Finding index.html's elements by their `data-testid` (the same names the end-to-end test
 * uses, so the page and its test cannot drift apart silently) and making new ones.
 */
type ElementClass<T extends Element> = abstract new () => T;

/** The element marked `data-testid="id"`; throws when index.html lacks it or it is another kind. */
export function byTestId<T extends Element>(id: string, kind: ElementClass<T>, root: ParentNode = document): T {
  const found = root.querySelector(`[data-testid="${id}"]`);
  if (!(found instanceof kind)) throw new Error(`index.html needs a ${kind.name} with data-testid="${id}"; found ${found?.tagName ?? 'none'}`);
  return found;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  created.append(...children);
  return created;
}

/** Calls `redraw` with the element's width whenever it changes (window resizes, panels reflow). */
export function watchWidth(target: Element, redraw: (width: number) => void): void {
  let last = -1;
  new ResizeObserver(([entry]) => {
    const width = Math.floor(entry?.contentRect.width ?? 0);
    if (width > 0 && width !== last) {
      last = width;
      redraw(width);
    }
  }).observe(target);
}
