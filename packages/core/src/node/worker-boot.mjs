// Boots a worker from TypeScript sources (tests): Node 20 cannot strip types, tsx can.
import { register } from 'tsx/esm/api';

register();
await import('./worker-entry.ts');
