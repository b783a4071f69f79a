/**
 * The monthly business review (MBR) pack as plain data: every number is copied from the analytics
 * and service-level services (never recomputed here), so the PDF and the API cannot disagree.
 */
export interface PackFigure {
  value: number | null;
  numerator: number;
  denominator: number;
  variant: string;
}

export type FigureKind = 'count' | 'seconds' | 'share' | 'nps' | 'ces';

export interface ScorecardLine {
  key: string;
  label: string;
  kind: FigureKind;
  figure: PackFigure;
}

export interface ReviewPack {
  vendor: { id: string; name: string };
  month: string;
  tz: string;
  /** UTC instants of the month read in tz */
  from: string;
  to: string;
  generatedAt: string;
  contacts: number;
  scorecard: ScorecardLine[];
  weeks: {
    start: string;
    contacts: number;
    firstResponse: PackFigure;
    resolution: PackFigure;
    csat: PackFigure;
    sla: PackFigure;
  }[];
  backlog: { at: string; open: number; oldestSeconds: number | null };
  serviceLevels: {
    id: string;
    name: string;
    targetPercent: number;
    actualPercent: number | null;
    met: boolean | null;
    contactsCounted: number;
    missed: number;
  }[];
  misses: {
    target: string;
    number: number;
    channel: string;
    createdAt: string;
    outcome: string;
    waitMs: number;
  }[];
  topReasons: { tag: string; count: number }[];
  comments: string;
}
