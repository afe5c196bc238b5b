import { processIo } from './cli/io.js';
import { runCli } from './cli/run-cli.js';

/** The entry of `npx exec-stats` and `npm run demo`; the commands are in cli/. */
process.exitCode = await runCli(process.argv.slice(2), processIo());
