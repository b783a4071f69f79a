import { describe, expect, it } from 'vitest';
import { browserLanguage, detectTextLanguage } from './language.js';

describe('chat language', () => {
  it.each([
    ['Bonjour, je voudrais savoir où en est ma commande. Elle devait arriver hier.', 'en-GB', 'fr'],
    ['Hallo, ich möchte wissen, wo meine Bestellung ist, sie sollte gestern ankommen', undefined, 'de'],
    ['Hello, my order 1234 has not arrived yet and I am getting worried about it', 'da-DK', 'en'],
    // Spanish and Portuguese score close on short text: the browser's Portuguese is believed.
    ['Olá, gostaria de saber onde está a minha encomenda, deveria ter chegado ontem', 'pt-BR', 'pt'],
    // Too short to say anything.
    ['Hi there', 'de', null],
  ])('%s (browser %s) → %s', (text, browser, expected) => {
    expect(detectTextLanguage(text, browser)).toBe(expected);
  });

  it.each([
    ['pt-BR', 'pt'],
    ['EN_us', 'en'],
    ['', null],
    ['<script>', null],
    [undefined, null],
  ])('browser tag %s → %s', (tag, expected) => {
    expect(browserLanguage(tag)).toBe(expected);
  });
});
