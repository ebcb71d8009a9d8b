import { describe, expect, it } from 'vitest';
import { channelFileNames, groupSlug } from '../../src/export/split-file-names.js';

describe('groupSlug', () => {
  it.each([
    ['users', 'users'],
    ['Sales & Support', 'sales-support'],
    ['Vertrieb Österreich', 'vertrieb-osterreich'],
    ['../../etc/passwd', 'etc-passwd'],
    ['CON', 'con'],
    ['  --x--  ', 'x'],
    ['客服', 'group'],
    ['İstanbul', 'istanbul'],
    ['ｆｕｌｌ', 'full'],
    ['a'.repeat(80), 'a'.repeat(60)],
    [`${'b'.repeat(59)} tail`, 'b'.repeat(59)],
  ])('%j → %s', (name, slug) => {
    expect(groupSlug(name)).toBe(slug);
  });
});

describe('channelFileNames', () => {
  it('names each group’s file after the group, and tells colliding slugs apart by group id', () => {
    const names = channelFileNames([
      { id: 1, name: 'users' },
      { id: 4, name: 'Sales' },
      { id: 7, name: 'sales' },
      { id: 8, name: '客服' },
      { id: 9, name: 'サポート' },
      { id: 12, name: 'Sales 12' },
    ]);
    expect(Object.fromEntries(names)).toEqual({
      users: 'channels-users.yaml',
      Sales: 'channels-sales--4.yaml',
      sales: 'channels-sales--7.yaml',
      客服: 'channels-group--8.yaml',
      サポート: 'channels-group--9.yaml',
      'Sales 12': 'channels-sales-12.yaml',
    });
  });
});
