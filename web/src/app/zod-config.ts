import { z } from 'zod';

/**
 * The console's CSP has no 'unsafe-eval'. Zod 4 probes `new Function` to compile fast object
 * parsers; the probe's failure is caught, but the browser still reports a CSP violation. The forms
 * validate with the server's own schemas, so turn the probe off before any of them parses.
 */
z.config({ jitless: true });
