import { processIo } from './cli/io.js';
import { runCli } from './cli/run-cli.js';

// `exec-stats replay | head`: a reader that stops early is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

/** The entry of `npx exec-stats` and `npm run demo`; the commands are in cli/. */
process.exitCode = await runCli(process.argv.slice(2), processIo());
