/** The metadata_props keys under which an exported file records what its graph cannot say. */

/** `module.toConfig()` as JSON: import rebuilds exactly this module after checking it against the graph. */
export const CONFIG_KEY = 'rnn.config';
