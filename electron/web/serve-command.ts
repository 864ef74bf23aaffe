// `lifeline serve`: the inspector in a browser, on loopback unless told otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebServer } from './web-server.ts';
import { num, parseArgs, str, UsageError } from '../cli/args.ts';
import { SERVE } from '../cli/command-specs.ts';
import { echo } from '../../shared/one-line.ts';
import { warnIfExposed } from '../cli/exposure.ts';
import { untilStopSignal, withDeadline } from '../cli/stop-signal.ts';

export const RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/renderer');

export async function runServe(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SERVE);
  if (args.positional.length) throw new UsageError(`serve takes no positional arguments (got "${echo(args.positional[0]!)}")`);
  const port = num(args, 'port', { min: 0, max: 65535, integer: true }) ?? 0;
  const host = str(args, 'host') ?? '127.0.0.1';
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    console.error(`lifeline: the renderer is not built (${RENDERER_DIR}); run \`npm run build\` first`);
    return 1;
  }
  const server = new WebServer({ host, port, root: RENDERER_DIR });
  try {
    await server.start();
  } catch (e) {
    console.error(`lifeline: cannot listen on ${host}:${port}: ${(e as Error).message}`);
    return 1;
  }
  console.log(`Lifeline inspector: ${server.url}`);
  warnIfExposed(host, 'the inspector (it can start runs)');
  await untilStopSignal();
  await withDeadline(server.stop());
  return 0;
}
