import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import client from 'prom-client';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { sendProblem } from './problem.js';

/**
 * /healthz (the process answers), /readyz (the database answers) and, with TANDEM_METRICS=on,
 * Prometheus /metrics. Off by default: the figures (routes, load, pool) are nobody's business on a
 * public port, and the scrape carries no credential.
 */
export function registerObservability(
  app: FastifyInstance,
  database: Database,
  metrics: Config['TANDEM_METRICS'] = 'off',
) {
  const hidden = { schema: { hide: true } };
  app.get('/healthz', hidden, async () => ({ status: 'ok' }));
  app.get('/readyz', hidden, async (_request, reply) => {
    try {
      await sql`select 1`.execute(database.db);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unavailable' });
    }
  });
  if (metrics !== 'on') {
    // A server path either way: without this the console's catch-all would answer with its page.
    app.get('/metrics', hidden, async (request, reply) =>
      sendProblem(request, reply, 404, 'route_not_found', 'Metrics are off (TANDEM_METRICS)'),
    );
    return;
  }
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const duration = new client.Histogram({
    name: 'tandem_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new client.Gauge({
    name: 'tandem_db_pool_waiting',
    help: 'Requests waiting for a database connection',
    registers: [registry],
    collect() {
      this.set(database.pool.waitingCount);
    },
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', hidden, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
