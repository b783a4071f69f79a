import type { Channel, NewRow, Role } from '../../platform/db/schema.js';
import { type Locale, NAMES, TOPICS, type Topic } from './content.js';
import { chance, int, pick, type Rng, uuid } from './random.js';

/** The demo brand's people: an in-house team and two outsourced vendors, their sites, teams and staff. */

export const DEMO_DOMAIN = 'demo.tandem.test';

interface SitePlan {
  key: string;
  name: string;
  country: string;
  timeZone: string;
  languages: Locale[];
  /** Each team and the topics it specialises in (agents there are strongest in these). */
  teams: { name: string; focus: Topic[] }[];
  agents: number;
}

interface VendorPlan {
  key: string;
  name: string;
  kind: 'internal' | 'outsourced';
  sites: SitePlan[];
}

export const VENDOR_PLANS: readonly VendorPlan[] = [
  {
    key: 'inhouse',
    name: 'Nordlys Care (in-house)',
    kind: 'internal',
    sites: [
      {
        key: 'copenhagen',
        name: 'Copenhagen HQ',
        country: 'DK',
        timeZone: 'Europe/Copenhagen',
        languages: ['da', 'de', 'en'],
        teams: [{ name: 'Copenhagen Care', focus: ['account', 'billing', 'technical'] }],
        agents: 8,
      },
    ],
  },
  {
    key: 'pacific',
    name: 'Pacific Contact Solutions',
    kind: 'outsourced',
    sites: [
      {
        key: 'manila',
        name: 'Manila Makati',
        country: 'PH',
        timeZone: 'Asia/Manila',
        languages: ['en', 'tl'],
        teams: [
          { name: 'Manila Billing', focus: ['billing', 'returns'] },
          { name: 'Manila Technical', focus: ['technical', 'orders', 'shipping'] },
        ],
        agents: 16,
      },
    ],
  },
  {
    key: 'andes',
    name: 'Andes & Atlantic Support',
    kind: 'outsourced',
    sites: [
      {
        key: 'bogota',
        name: 'Bogotá',
        country: 'CO',
        timeZone: 'America/Bogota',
        languages: ['es', 'en'],
        teams: [{ name: 'Bogotá Español', focus: ['orders', 'shipping', 'returns'] }],
        agents: 10,
      },
      {
        key: 'lisbon',
        name: 'Lisbon',
        country: 'PT',
        timeZone: 'Europe/Lisbon',
        languages: ['pt', 'es', 'en'],
        teams: [{ name: 'Lisboa Português', focus: ['orders', 'billing', 'returns'] }],
        agents: 8,
      },
    ],
  },
];

/** Typical concurrent conversations an agent handles per channel (the seeded value varies around it). */
const CAPACITY: Record<Channel, [number, number]> = {
  email: [5, 10],
  web: [5, 10],
  api: [5, 10],
  social: [3, 6],
  chat: [2, 4],
  phone: [1, 1],
};

export type Row<T extends 'vendors' | 'sites' | 'teams' | 'users'> = NewRow<T> & { id: string };

export interface Agent {
  id: string;
  vendorId: string;
  siteId: string;
  teamId: string;
  languages: Locale[];
  skills: Map<Topic, number>;
}

export interface DemoLogin {
  email: string;
  role: Role;
  vendor: string | null;
}

export interface Roster {
  vendors: Row<'vendors'>[];
  sites: (Row<'sites'> & { key: string })[];
  teams: (Row<'teams'> & { focus: Topic[] })[];
  users: Omit<Row<'users'>, 'password_hash'>[];
  skills: NewRow<'agent_skills'>[];
  capacities: NewRow<'agent_capacities'>[];
  agents: Agent[];
  logins: DemoLogin[];
}

function personName(rng: Rng, locale: Locale) {
  return `${pick(rng, NAMES[locale].first)} ${pick(rng, NAMES[locale].last)}`;
}

export function buildRoster(rng: Rng, organizationId: string): Roster {
  const r: Roster = {
    vendors: [],
    sites: [],
    teams: [],
    users: [],
    skills: [],
    capacities: [],
    agents: [],
    logins: [],
  };
  const addUser = (u: Omit<Row<'users'>, 'organization_id' | 'id'>, vendor: string | null) => {
    const row = { id: uuid(rng), organization_id: organizationId, ...u };
    r.users.push(row);
    r.logins.push({ email: u.email, role: u.role, vendor });
    return row;
  };

  for (const [role, local, name] of [
    ['brand_admin', 'admin', 'Astrid Holm'],
    ['brand_analyst', 'analyst', 'Jonas Brandt'],
    ['auditor', 'auditor', 'Karen Vestergaard'],
    ['qa_reviewer', 'qa', 'Nina Lund'],
  ] as const) {
    addUser(
      {
        email: `${local}@${DEMO_DOMAIN}`,
        display_name: name,
        role,
        vendor_id: null,
        languages: ['en', 'da'],
      },
      null,
    );
  }

  for (const plan of VENDOR_PLANS) {
    const vendorId = uuid(rng);
    r.vendors.push({
      id: vendorId,
      organization_id: organizationId,
      name: plan.name,
      kind: plan.kind,
      contract_start: plan.kind === 'outsourced' ? '2025-01-01' : null,
      contract_end: plan.kind === 'outsourced' ? '2027-12-31' : null,
    });
    const home = plan.sites[0]!.languages[0]!;
    addUser(
      {
        email: `${plan.key}.admin@${DEMO_DOMAIN}`,
        display_name: personName(rng, home),
        role: 'vendor_admin',
        vendor_id: vendorId,
        languages: ['en'],
      },
      plan.name,
    );
    let agentNo = 0;
    let leadNo = 0;
    for (const site of plan.sites) {
      const siteId = uuid(rng);
      r.sites.push({
        id: siteId,
        key: site.key,
        organization_id: organizationId,
        vendor_id: vendorId,
        name: site.name,
        country: site.country,
        time_zone: site.timeZone,
        languages: site.languages,
      });
      const teamIds = site.teams.map((team) => {
        const id = uuid(rng);
        r.teams.push({
          id,
          organization_id: organizationId,
          vendor_id: vendorId,
          site_id: siteId,
          name: team.name,
          focus: team.focus,
        });
        const placement = { vendor_id: vendorId, site_id: siteId, team_id: id };
        addUser(
          {
            email: `${plan.key}.lead${++leadNo}@${DEMO_DOMAIN}`,
            display_name: personName(rng, site.languages[0]!),
            role: 'team_lead',
            ...placement,
            languages: site.languages.slice(0, 2),
          },
          plan.name,
        );
        return id;
      });
      for (let i = 0; i < site.agents; i++) {
        const teamIndex = i % site.teams.length;
        const teamId = teamIds[teamIndex]!;
        // Everyone speaks the site's first language; most speak a second, some a third.
        const languages = site.languages.filter((_, k) => k === 0 || chance(rng, k === 1 ? 0.8 : 0.4));
        const user = addUser(
          {
            email: `${plan.key}.agent${++agentNo}@${DEMO_DOMAIN}`,
            display_name: personName(rng, site.languages[0]!),
            role: 'agent',
            vendor_id: vendorId,
            site_id: siteId,
            team_id: teamId,
            languages,
          },
          plan.name,
        );
        const skills = agentSkills(rng, site.teams[teamIndex]!.focus);
        for (const [skill, proficiency] of skills) r.skills.push({ user_id: user.id, skill, proficiency });
        for (const [channel, [min, max]] of Object.entries(CAPACITY) as [Channel, [number, number]][]) {
          // Not every agent takes calls; the rest take every channel.
          if (channel === 'phone' && chance(rng, 0.4)) continue;
          r.capacities.push({ user_id: user.id, channel, max_concurrent: int(rng, min, max) });
        }
        r.agents.push({ id: user.id, vendorId, siteId, teamId, languages, skills });
      }
    }
  }
  return r;
}

/** Strong in the team's focus topics, weaker and patchier elsewhere. */
function agentSkills(rng: Rng, focus: readonly Topic[]): Map<Topic, number> {
  const skills = new Map<Topic, number>();
  for (const topic of TOPICS) {
    if (focus.includes(topic)) skills.set(topic, int(rng, 3, 5));
    else if (chance(rng, 0.35)) skills.set(topic, int(rng, 1, 3));
  }
  return skills;
}
