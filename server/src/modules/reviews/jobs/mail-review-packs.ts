import { DateTime } from 'luxon';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { z } from 'zod';
import { type Actor, withActor, withSystem } from '../../../platform/db/transaction.js';
import { defineJob } from '../../../platform/jobs/queue.js';
import { sendOtherMail } from '../../channels/index.js';
import { renderPackBytes } from '../layout.js';
import * as repo from '../repository.js';
import { month } from '../schemas.js';
import { gatherPack, packFilename } from '../service.js';

/** The calendar month (UTC) before the one `now` falls in. */
export const previousMonth = (now: Date) =>
  DateTime.fromJSDate(now, { zone: 'utc' }).minus({ months: 1 }).toFormat('yyyy-MM');

/**
 * Monthly (the 1st, 06:00 UTC): each vendor's admins get the previous month's review pack (UTC
 * month) as a PDF attachment. The pack is gathered as one of the vendor's admins, so it shows what
 * they could download themselves. A recipient already sent the month's pack is skipped, so running
 * twice sends nothing twice; one vendor failing does not stop the others (the job then fails, and
 * its retry sends only what is missing).
 */
export const mailReviewPacks = defineJob({
  name: 'business-reviews.mail-packs',
  payload: z.object({ month: month.optional().describe('default: the previous month (UTC)') }),
  cron: '0 6 1 * *',
  async handler(payload, { database, logger, config }) {
    if (!config) throw new Error('business-reviews.mail-packs needs the configuration');
    const { db } = database;
    const target = payload.month ?? previousMonth(new Date());
    const admins = await withSystem(db, (tx) => repo.vendorAdmins(tx));
    const byVendor = new Map<string, typeof admins>();
    for (const a of admins) byVendor.set(a.vendor_id!, [...(byVendor.get(a.vendor_id!) ?? []), a]);
    const domain = /@([^>\s]+)/.exec(config.TANDEM_MAIL_FROM)?.[1] ?? 'tandem.invalid';
    let sent = 0;
    const failed: string[] = [];
    for (const [vendorId, recipients] of byVendor) {
      try {
        const first = recipients[0]!;
        const actor: Actor = {
          userId: first.id,
          organizationId: first.organization_id,
          role: first.role,
          vendorId,
          siteId: first.site_id,
          teamId: first.team_id,
        };
        const pack = await withActor(db, actor, (tx) =>
          gatherPack(tx, actor, { vendorId, month: target, tz: 'UTC' }),
        );
        const pdf = await renderPackBytes(pack);
        const subject = `Monthly business review ${target}: ${pack.vendor.name}`;
        for (const r of recipients) {
          await withSystem(db, async (tx) => {
            const claim = {
              organization_id: r.organization_id,
              vendor_id: vendorId,
              month: target,
              user_id: r.id,
            };
            if (!(await repo.claimMailing(tx, claim))) return;
            const messageId = `<business-review.${vendorId}.${target}.${r.id}@${domain}>`;
            const raw = await new MailComposer({
              from: config.TANDEM_MAIL_FROM,
              to: r.email,
              subject,
              messageId,
              text: `Attached: the monthly business review pack of ${pack.vendor.name} for ${target} (UTC month).`,
              attachments: [
                {
                  filename: packFilename(pack.vendor.name, target),
                  content: pdf,
                  contentType: 'application/pdf',
                },
              ],
            })
              .compile()
              .build();
            await sendOtherMail(
              tx,
              config,
              { from: config.TANDEM_MAIL_FROM, to: r.email, subject, messageId, raw },
              { organizationId: r.organization_id, ticketId: null, surveyId: null },
            );
            sent += 1;
          });
        }
      } catch (err) {
        logger.error({ err, vendorId, month: target }, 'business review pack not mailed');
        failed.push(vendorId);
      }
    }
    logger.info({ month: target, sent, failed: failed.length }, 'business review packs mailed');
    if (failed.length) throw new Error(`Business review packs not mailed for ${failed.length} vendor(s)`);
  },
});
