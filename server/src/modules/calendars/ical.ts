import ICAL from 'ical.js';

/**
 * Holidays out of an iCalendar file (a public-holiday feed, an Outlook or Google export). ical.js
 * (Mozilla's RFC 5545 parser) reads the file; each all-day VEVENT becomes a holiday per day it spans,
 * and an event that repeats every year (RRULE FREQ=YEARLY, no count or end) becomes a yearly one.
 * Timed events are not holidays (a closed afternoon is a weekly-hours matter) and are reported back.
 */

export interface ImportedHoliday {
  name: string;
  date: string;
  yearly: boolean;
}

export interface IcalImport {
  holidays: ImportedHoliday[];
  skipped: { summary: string; reason: string }[];
}

/** Longest all-day event taken in as holidays (a longer one is more likely a season than a closure). */
const MAX_DAYS = 31;

export class IcalError extends Error {}

export function holidaysFromIcal(text: string): IcalImport {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (err) {
    throw new IcalError(`not an iCalendar file: ${(err as Error).message}`);
  }
  if (root.name !== 'vcalendar') throw new IcalError('not an iCalendar file: no VCALENDAR');
  const holidays: ImportedHoliday[] = [];
  const skipped: IcalImport['skipped'] = [];
  for (const component of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    const summary = event.summary || 'Holiday';
    const start = event.startDate;
    if (!start) {
      skipped.push({ summary, reason: 'no start date' });
      continue;
    }
    if (!start.isDate) {
      skipped.push({ summary, reason: 'not an all-day event' });
      continue;
    }
    const rrule = component.getFirstPropertyValue('rrule') as ICAL.Recur | null;
    let yearly = false;
    if (rrule) {
      if (rrule.freq === 'YEARLY' && !rrule.count && !rrule.until && (rrule.interval ?? 1) === 1)
        yearly = true;
      else {
        skipped.push({
          summary,
          reason: `repeats ${rrule.freq.toLowerCase()}; only plain yearly repeats are taken`,
        });
        continue;
      }
    }
    const end = event.endDate?.isDate ? event.endDate : null;
    const day = start.clone();
    let days = 0;
    do {
      holidays.push({ name: summary.slice(0, 200), date: day.toString().slice(0, 10), yearly });
      day.adjust(1, 0, 0, 0);
      days++;
    } while (end && day.compare(end) < 0 && days < MAX_DAYS);
  }
  return { holidays, skipped };
}
