import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Config } from '../../platform/config.js';
import type { Row } from '../../platform/db/schema.js';
import { withSystem } from '../../platform/db/transaction.js';
import { emit } from '../../platform/events.js';
import { retryDelayMs } from '../../platform/outbox/backoff.js';
import type { DeliverySender } from '../../platform/outbox/worker.js';
import { sendOtherMail } from '../channels/index.js';
import { surveyMailText } from './page.js';
import * as repo from './repository.js';
import { surveySecret } from './secret.js';
import { signSurveyToken } from './token.js';

const BATCH = 10;
const LEASE_SECONDS = 180;
const SUBJECTS = { csat: 'How did we do?', ces: 'How easy was it?', nps: 'Would you recommend us?' } as const;

export function surveyUrl(config: Config, secret: string, surveyId: string) {
  return `${config.publicUrl.replace(/\/$/, '')}/s/${signSurveyToken(secret, surveyId)}`;
}

async function render(survey: Row<'surveys'>, config: Config, secret: string, subjectLine: string) {
  const domain = config.TANDEM_MAIL_FROM.match(/@([^>\s]+)/)?.[1] ?? 'tandem.localhost';
  const messageId = `<tandem.survey.${survey.id}@${domain}>`;
  const { text, html } = surveyMailText(survey.kind, surveyUrl(config, secret, survey.id), subjectLine);
  const raw = await new MailComposer({
    from: config.TANDEM_MAIL_FROM,
    to: survey.recipient!,
    subject: SUBJECTS[survey.kind],
    messageId,
    text,
    html,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Tandem-Survey': survey.kind },
  })
    .compile()
    .build();
  return {
    from: config.TANDEM_MAIL_FROM,
    to: survey.recipient!,
    subject: SUBJECTS[survey.kind],
    messageId,
    raw,
  };
}

/** Mails due surveys (relay or capture), with the outbox's retry and backoff; a sent survey is an event. */
export const surveySender: DeliverySender = {
  name: 'survey-sender',
  async sendDue({ database, config }) {
    const { db } = database;
    const secret = await surveySecret(db, config);
    const claimed = await withSystem(db, (tx) => repo.claimDue(tx, BATCH, LEASE_SECONDS));
    for (const survey of claimed) {
      let error: string | null = null;
      try {
        const subjectLine = survey.ticket_id
          ? ((
              await withSystem(db, (tx) =>
                tx
                  .selectFrom('tickets')
                  .select('subject')
                  .where('id', '=', survey.ticket_id!)
                  .executeTakeFirst(),
              )
            )?.subject ?? '')
          : '';
        const mail = await render(survey, config, secret, subjectLine);
        await withSystem(db, (tx) =>
          sendOtherMail(tx, config, mail, {
            organizationId: survey.organization_id,
            ticketId: survey.ticket_id!,
            surveyId: survey.id,
          }),
        );
      } catch (err) {
        error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
      }
      const exhausted = survey.attempts >= config.TANDEM_DELIVERY_MAX_ATTEMPTS;
      const status = error === null ? 'sent' : exhausted ? 'failed' : 'pending';
      await withSystem(db, async (tx) => {
        await repo.recordAttempt(tx, survey.id, {
          status,
          error,
          retryInMs:
            status === 'pending' ? retryDelayMs(survey.attempts, config.TANDEM_DELIVERY_BACKOFF_MS) : null,
        });
        if (status === 'sent') {
          await emit(tx, {
            organizationId: survey.organization_id,
            vendorId: survey.vendor_id,
            type: 'survey.sent',
            subjectId: survey.id,
            payload: { kind: survey.kind },
          });
        }
      });
    }
    return claimed.length;
  },
};
