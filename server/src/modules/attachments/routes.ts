import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { NotFound } from '../../platform/errors.js';
import { attachmentStore } from '../../platform/storage/attachment-store.js';
import { contentDisposition, servedContentType } from './content-type.js';
import { attachmentParams } from './schemas.js';
import { getAttachment } from './service.js';

export const attachmentRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const store = attachmentStore(ctx.config);
  app.get(
    '/attachments/:id',
    {
      schema: {
        tags: ['attachments'],
        summary:
          'Download an attachment (always as a download; served as its sniffed type only for images, PDF and plain text, else application/octet-stream)',
        params: attachmentParams,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'tickets:read');
      const row = await withActor(db, actor, (tx) => getAttachment(tx, request.params.id));
      const bytes = await store.get(row.storage_key);
      if (!bytes) throw new NotFound('Attachment file', row.id);
      return reply
        .header('content-type', servedContentType(row.sniffed_content_type))
        .header('content-disposition', contentDisposition(row.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );
};
