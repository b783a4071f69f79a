import { describe, expect, it } from 'vitest';
import { audience, byStatus, insertAt, macroStatus, mayChange } from './macro-status';

const brandMacro = { approved: true, vendor_id: null };
const proposal = { approved: false, vendor_id: 'v1' };
const approvedVendorMacro = { approved: true, vendor_id: 'v1' };
const otherVendorProposal = { approved: false, vendor_id: 'v2' };

describe('a macro’s status', () => {
  it('is approved or awaiting approval, as the server’s flag says', () => {
    expect(macroStatus(brandMacro)).toBe('approved');
    expect(macroStatus(proposal)).toBe('awaiting');
  });
  it('filters by status, all when none is chosen', () => {
    const all = [brandMacro, proposal, approvedVendorMacro];
    expect(byStatus(all, '')).toEqual(all);
    expect(byStatus(all, 'awaiting')).toEqual([proposal]);
    expect(byStatus(all, 'approved')).toEqual([brandMacro, approvedVendorMacro]);
  });
});

describe('who may change a macro (as the server decides)', () => {
  const brandAdmin = { vendorId: null, permissions: ['macros:write', 'macros:approve'] };
  const vendorAdmin = { vendorId: 'v1', permissions: ['macros:write'] };
  const agent = { vendorId: 'v1', permissions: ['tickets:read'] };
  it.each([
    ['brand admin, brand macro', brandAdmin, brandMacro, true],
    ['brand admin, vendor proposal', brandAdmin, proposal, true],
    ['vendor admin, own proposal', vendorAdmin, proposal, true],
    ['vendor admin, own approved macro', vendorAdmin, approvedVendorMacro, false],
    ['vendor admin, brand macro', vendorAdmin, brandMacro, false],
    ['vendor admin, another vendor’s proposal', vendorAdmin, otherVendorProposal, false],
    ['agent, own vendor’s proposal', agent, proposal, false],
  ])('%s → %s', (_name, me, macro, expected) => {
    expect(mayChange(me, macro)).toBe(expected);
  });
});

describe('who may use a macro', () => {
  const names = (id: string) => (id === 'v1' ? 'Manila Partners' : 'Other');
  it('names the brand or the vendor, and says a proposal waits for approval', () => {
    expect(audience(brandMacro, names)).toBe('Every agent (brand-wide)');
    expect(audience(approvedVendorMacro, names)).toBe("Manila Partners's agents");
    expect(audience(proposal, names)).toBe("Manila Partners's agents, once approved");
  });
});

describe('inserting a placeholder', () => {
  it.each([
    ['at the caret', 'Hi !', 3, 3, 'Hi {{x}}!', 8],
    ['over a selection', 'Hi NAME!', 3, 7, 'Hi {{x}}!', 8],
    ['at the end when the caret is past it', 'Hi', 10, 10, 'Hi{{x}}', 7],
    ['into empty text', '', 0, 0, '{{x}}', 5],
    ['with a reversed selection clamped', 'abc', 2, 1, 'ab{{x}}c', 7],
  ])('%s', (_name, text, start, end, expected, caret) => {
    expect(insertAt(text, start, end, '{{x}}')).toEqual({ text: expected, caret });
  });
});
