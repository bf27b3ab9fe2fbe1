/**
 * The part of jsfive 0.4.2 (a pure-JS HDF5 reader, shipped without types) that the Keras
 * importer uses. Only `hdf5-file.ts` touches it; everything it throws (often plain strings)
 * is wrapped there. `_dataobjects.msgs` is jsfive-internal, read only to check attribute sizes
 * before jsfive decodes them (see attribute-guard.ts).
 */
declare module 'jsfive' {
  /** One object-header message: `type` and where its body starts in the file. */
  export interface HeaderMessage {
    get(key: 'type' | 'offset_to_message' | 'size'): number;
  }

  interface DataObjects {
    readonly msgs: readonly HeaderMessage[];
  }

  /** A group, or the file itself. Links are resolved lazily by `get`. */
  export class Group {
    readonly name: string;
    readonly keys: string[];
    readonly attrs: Record<string, unknown>;
    readonly _dataobjects: DataObjects;
    get(path: string): Group | Dataset | null;
  }

  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename?: string);
  }

  export class Dataset {
    readonly name: string;
    /** Dimensions, outermost first. */
    readonly shape: number[];
    /** numpy-style: '<f4', '>f8', '<i4', 'S12', or an array for VLEN/REFERENCE types. */
    readonly dtype: string | unknown[];
    readonly attrs: Record<string, unknown>;
    readonly _dataobjects: DataObjects;
    /** Every element, row-major: reads the whole dataset. */
    readonly value: ArrayLike<unknown>;
  }
}
