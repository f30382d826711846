/** `npm run build`: builds dist/ (build/build.ts) and says how long it took. */
import { build } from '../build/build';

const started = Date.now();
build().then(
  () => console.log(`Built dist/ in ${Date.now() - started} ms`),
  (error: Error) => {
    console.error(`Build failed: ${error.message}`);
    process.exit(1);
  },
);
