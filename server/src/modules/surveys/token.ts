import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Survey links carry a signed token instead of a login. The survey token names one survey and may
 * record its first answer only; after that it is refused ("reused"). Changing the answer needs the
 * edit token handed out with the first answer, which expires with the edit window. Without the
 * server's secret nobody can mint either token, so a guessed or altered link records nothing.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const idToText = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64url');
function textToId(text: string): string | null {
  const hex = Buffer.from(text, 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return UUID.test(id) && idToText(id) === text ? id : null;
}

const mac = (secret: string, message: string) =>
  createHmac('sha256', secret).update(message).digest('base64url').slice(0, 32);

function same(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function signSurveyToken(secret: string, surveyId: string): string {
  const id = idToText(surveyId);
  return `${id}.${mac(secret, `survey:${surveyId}`)}`;
}

/** The survey id, or null for anything the server did not sign. */
export function verifySurveyToken(secret: string, token: string): string | null {
  const [idText, given, extra] = token.split('.');
  if (!idText || !given || extra !== undefined) return null;
  const surveyId = textToId(idText);
  if (!surveyId) return null;
  return same(given, mac(secret, `survey:${surveyId}`)) ? surveyId : null;
}

export function signEditToken(secret: string, surveyId: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `${exp}.${mac(secret, `edit:${surveyId}:${exp}`)}`;
}

export function verifyEditToken(
  secret: string,
  surveyId: string,
  token: string,
  now: Date,
): 'ok' | 'expired' | 'invalid' {
  const [expText, given, extra] = token.split('.');
  if (!expText || !given || extra !== undefined || !/^\d{1,12}$/.test(expText)) return 'invalid';
  if (!same(given, mac(secret, `edit:${surveyId}:${expText}`))) return 'invalid';
  return Number(expText) * 1000 >= now.getTime() ? 'ok' : 'expired';
}
