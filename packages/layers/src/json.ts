/** JSON values: what module configs and safetensors headers are made of. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

// A type alias rather than an interface, so object types with known keys (a ModuleConfig)
// are assignable to it.
export type JsonObject = { readonly [key: string]: JsonValue };

/** A plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
