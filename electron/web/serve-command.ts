import { UsageError } from '../cli/args.ts';

export async function runServe(_argv: string[]): Promise<number> {
  throw new UsageError('serve is not built yet');
}
