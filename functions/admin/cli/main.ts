import { runCli } from './run-cli.js';

/** CLI entry (composition root): the only place the CLI touches process globals. */
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
