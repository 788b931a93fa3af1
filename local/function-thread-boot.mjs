// The functions' thread starts here: TypeScript is loaded through tsx in this thread (the runner of the
// process that made it, Vite or tsx, does not reach a worker), then the thread's own module runs.
import { register } from 'tsx/esm/api';

register();
await import('./function-thread.ts');
