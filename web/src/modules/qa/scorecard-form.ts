import type { ScorecardCreate, ScorecardDefinition } from './queries';

type CheckName = NonNullable<
  ScorecardDefinition['sections'][number]['criteria'][number]['automatic']
>['checks'][number];

/** The automated checks in words (server/src/modules/qa/checks.ts), for pickers and badges. */
export const CHECK_LABELS: Record<CheckName, string> = {
  forbidden_phrase: 'Forbidden phrase',
  missing_greeting: 'Missing greeting',
  missing_closing: 'Missing closing',
  pii_leak: 'Personal data leaked',
  language_mismatch: 'Reply in another language',
  forbidden_promise: 'Forbidden promise',
};

/** How a criterion's scale is picked in the editor; custom values are typed as "0, 5, 10". */
export const SCALE_CHOICES = [
  { value: 'binary', label: 'Yes / No' },
  { value: 'points3', label: '1–3 points' },
  { value: 'points4', label: '1–4 points' },
  { value: 'points5', label: '1–5 points' },
  { value: 'custom', label: 'Custom values' },
] as const;
export type ScaleChoice = (typeof SCALE_CHOICES)[number]['value'];

let lastUid = 0;
/** A stable React key for a row the user adds, removes or reorders. */
const uid = () => ++lastUid;

export interface CriterionForm {
  uid: number;
  /** The existing id when editing a version (kept, so answers stay comparable across versions). */
  id?: string;
  name: string;
  scale: ScaleChoice;
  custom: string;
  weight: number;
  na_allowed: boolean;
  critical: 'none' | 'review' | 'section';
  /** Checks that pre-score the criterion from automated findings; empty: scored by hand. */
  automatic: CheckName[];
}
export interface SectionForm {
  uid: number;
  id?: string;
  name: string;
  weight: number;
  bonus: boolean;
  criteria: CriterionForm[];
}
export interface ScorecardForm {
  name: string;
  vendor_id: string | null;
  weighting: 'sections' | 'points';
  allow_above_100: boolean;
  sections: SectionForm[];
  channels: string[];
  /** Kept as they were: queues are chosen through the API for now. */
  queues: string[];
  languages: string;
}
type AppliesTo = NonNullable<ScorecardCreate['applies_to']>;

export const newCriterion = (): CriterionForm => ({
  uid: uid(),
  name: '',
  scale: 'binary',
  custom: '',
  weight: 1,
  na_allowed: false,
  critical: 'none',
  automatic: [],
});
export const newSection = (): SectionForm => ({
  uid: uid(),
  name: '',
  weight: 1,
  bonus: false,
  criteria: [newCriterion()],
});
export const newScorecard = (): ScorecardForm => ({
  name: '',
  vendor_id: null,
  weighting: 'sections',
  allow_above_100: false,
  sections: [newSection()],
  channels: [],
  queues: [],
  languages: '',
});

/** "Tone of voice" → "tone-of-voice": ids the API accepts ([A-Za-z0-9_-], at most 40). */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 34);
  return s || 'item';
}

function scaleOf(c: CriterionForm): ScorecardDefinition['sections'][number]['criteria'][number]['scale'] {
  switch (c.scale) {
    case 'binary':
      return { kind: 'binary' };
    case 'points3':
      return { kind: 'points', points: 3 };
    case 'points4':
      return { kind: 'points', points: 4 };
    case 'points5':
      return { kind: 'points', points: 5 };
    case 'custom':
      return {
        kind: 'custom',
        values: c.custom
          .split(/[,;\s]+/)
          .filter(Boolean)
          .map(Number),
      };
  }
}

/**
 * The API body for the form. Sections and criteria keep their ids; new ones get one from their
 * name, made unique across the whole version (the API requires ids unique within a version).
 */
export function toScorecardBody(form: ScorecardForm): ScorecardCreate {
  const used = new Set(form.sections.flatMap((s) => [s.id, ...s.criteria.map((c) => c.id)]).filter(Boolean));
  const fresh = (name: string) => {
    const base = slug(name);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
  return {
    name: form.name,
    vendor_id: form.vendor_id,
    definition: {
      weighting: form.weighting,
      allow_above_100: form.allow_above_100,
      sections: form.sections.map((s) => ({
        id: s.id ?? fresh(s.name),
        name: s.name,
        weight: s.weight,
        bonus: s.bonus,
        criteria: s.criteria.map((c) => ({
          id: c.id ?? fresh(c.name),
          name: c.name,
          scale: scaleOf(c),
          weight: c.weight,
          na_allowed: c.na_allowed,
          critical: c.critical,
          ...(c.automatic.length ? { automatic: { checks: c.automatic } } : {}),
        })),
      })),
    },
    applies_to: {
      channels: form.channels as AppliesTo['channels'],
      queues: form.queues,
      languages: form.languages
        .split(/[,\s]+/)
        .map((l) => l.trim())
        .filter(Boolean),
    },
  };
}

/** The form for a new version of an existing scorecard: its current sections, ids kept. */
export function fromScorecard(scorecard: {
  name: string;
  vendor_id: string | null;
  current_version: {
    definition: ScorecardDefinition;
    applies_to: { channels: string[]; queues: string[]; languages: string[] };
  };
}): ScorecardForm {
  const { definition, applies_to } = scorecard.current_version;
  return {
    name: scorecard.name,
    vendor_id: scorecard.vendor_id,
    weighting: definition.weighting,
    allow_above_100: definition.allow_above_100,
    channels: applies_to.channels,
    queues: applies_to.queues,
    languages: applies_to.languages.join(', '),
    sections: definition.sections.map((s) => ({
      uid: uid(),
      id: s.id,
      name: s.name,
      weight: s.weight,
      bonus: s.bonus,
      criteria: s.criteria.map((c) => ({
        uid: uid(),
        id: c.id,
        name: c.name,
        scale:
          c.scale.kind === 'binary'
            ? 'binary'
            : c.scale.kind === 'points'
              ? (`points${c.scale.points}` as ScaleChoice)
              : 'custom',
        custom: c.scale.kind === 'custom' ? c.scale.values.join(', ') : '',
        weight: c.weight,
        na_allowed: c.na_allowed,
        critical: c.critical,
        automatic: c.automatic?.checks ?? [],
      })),
    })),
  };
}
