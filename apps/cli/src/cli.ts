#!/usr/bin/env node
/** The `rnn` executable. */
import { main } from './main.js';

// `rnn generate … | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

process.exitCode = await main(process.argv);
