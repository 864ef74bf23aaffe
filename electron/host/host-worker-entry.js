// The host thread's entry: TypeScript through tsx's loader, as bin/lifeline.js does.
import { register } from 'tsx/esm/api';

register();
await import('./host-worker.ts');
