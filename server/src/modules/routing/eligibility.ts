import type { Channel, SkillRequirement } from '../../platform/db/schema.js';
import type { CalendarSpec } from '../calendars/index.js';
import { isOpenAt } from '../calendars/index.js';

/** A site as routing sees it: its calendar already resolved (site, else vendor, else brand, else none). */
export interface SiteFacts {
  id: string;
  vendorId: string;
  name: string;
  status: 'up' | 'degraded' | 'down';
  /** null: no calendar anywhere up the chain, so always open. */
  calendar: CalendarSpec | null;
  dataRegions: readonly string[];
}

export interface AgentFacts {
  id: string;
  vendorId: string;
  siteId: string | null;
  teamId: string | null;
  online: boolean;
  languages: readonly string[];
  skills: Readonly<Record<string, number>>;
  certifications: readonly string[];
  load: Readonly<Record<Channel, number>>;
  /** max_concurrent per channel; a channel without a row takes nothing (web/api/social use email's). */
  capacity: Readonly<Partial<Record<Channel, number>>>;
  /** ms since epoch of the last assignment; null = never (longest idle). */
  lastAssignedAt: number | null;
}

/** What the contact needs from whoever takes it. */
export interface ContactNeeds {
  channel: Channel;
  language: string | null;
  dataRegion: string | null;
  requiredSkills: readonly SkillRequirement[];
  requiredCertifications: readonly string[];
}

/** Why a site cannot take the contact now, or null when it can. */
export function siteExclusion(site: SiteFacts, needs: ContactNeeds, at: Date): string | null {
  if (site.status === 'down') return 'site down';
  if (needs.dataRegion && !site.dataRegions.some((r) => r.toLowerCase() === needs.dataRegion!.toLowerCase()))
    return `data region ${needs.dataRegion} not allowed`;
  if (site.calendar && !isOpenAt(site.calendar, at)) return 'outside hours';
  return null;
}

/** The capacity that applies to a channel: its own row, else (web, api, social) the email row, else 0. */
export function capacityFor(agent: Pick<AgentFacts, 'capacity'>, channel: Channel): number {
  const own = agent.capacity[channel];
  if (own !== undefined) return own;
  if (channel === 'web' || channel === 'api' || channel === 'social') return agent.capacity.email ?? 0;
  return 0;
}

/**
 * Whether the agent can take one more contact of the channel: below that channel's capacity, and
 * a call in progress blocks everything else (a call is taken alone: phone capacity is usually 1).
 */
export function hasCapacity(agent: Pick<AgentFacts, 'capacity' | 'load'>, channel: Channel): boolean {
  if (channel !== 'phone' && agent.load.phone > 0) return false;
  return agent.load[channel] < capacityFor(agent, channel);
}

function speaks(agent: AgentFacts, language: string): boolean {
  const wanted = language.toLowerCase();
  const primary = wanted.split('-')[0];
  return agent.languages.some((l) => {
    const own = l.toLowerCase();
    return own === wanted || own === primary || own.split('-')[0] === primary;
  });
}

/** Why an agent cannot take the contact, or null when they can; the first failing rule is named. */
export function agentExclusion(agent: AgentFacts, needs: ContactNeeds): string | null {
  if (!agent.online) return 'not online';
  for (const need of needs.requiredSkills) {
    if ((agent.skills[need.skill] ?? 0) < need.min) return `missing skill ${need.skill}≥${need.min}`;
  }
  if (needs.language && !speaks(agent, needs.language)) return `does not speak ${needs.language}`;
  for (const cert of needs.requiredCertifications) {
    if (!agent.certifications.includes(cert)) return `missing certification ${cert}`;
  }
  if (!hasCapacity(agent, needs.channel)) return 'at capacity';
  return null;
}
