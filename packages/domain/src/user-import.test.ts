import { describe, expect, it } from 'vitest';
import { foldTurkish } from './geo.ts';
import type { Role } from './principal.ts';
import {
  generateTemporaryPassword,
  matchesUserSearch,
  UserInvitation,
  UserUpdate,
} from './user-administration.ts';
import { checkImportRows, type ImportContext, MAX_IMPORT_ROWS, parseUserCsv } from './user-import.ts';

const context: ImportContext = {
  mayGrant: (roles: readonly Role[]) => roles.every((r) => r !== 'platform'),
  departments: new Map([
    ['fen', 'FEN'],
    ['fen isleri', 'FEN'],
    ['temizlik', 'TEMIZLIK'],
    ['temizlik isleri', 'TEMIZLIK'],
  ]),
  neighbourhoods: new Map([[foldTurkish('Hisariçi'), 'Hisariçi']]),
};

const verdicts = (csv: string) =>
  checkImportRows(parseUserCsv(csv).rows, context).map((r) => ({
    line: r.line,
    issues: r.issues.map((i) => `${i.field}:${i.code}`),
    ...(r.candidate ? { candidate: r.candidate } : {}),
  }));

describe('parseUserCsv', () => {
  it('reads Excel’s Turkish CSV: BOM, `;`, CRLF, quoted separators and Turkish letters', () => {
    const csv =
      '\uFEFFKullanıcı Adı;E-posta;Ad Soyad;Roller;Birim\r\n' +
      'cagla.sahin;CAGLA@karesi.example;"Şahin; Çağla";Personel;Fen İşleri\r\n' +
      ';;;;\r\n' +
      'ismail.ozturk;ismail@karesi.example;"İsmail ""İso"" Öztürk";birim sorumlusu|staff;TEMIZLIK\r\n';
    const parsed = parseUserCsv(csv);
    expect(parsed.delimiter).toBe(';');
    expect(parsed.fileIssues).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        line: 2,
        values: {
          username: 'cagla.sahin',
          email: 'CAGLA@karesi.example',
          displayName: 'Şahin; Çağla',
          roles: 'Personel',
          departmentCode: 'Fen İşleri',
        },
      },
      {
        line: 4,
        values: {
          username: 'ismail.ozturk',
          email: 'ismail@karesi.example',
          displayName: 'İsmail "İso" Öztürk',
          roles: 'birim sorumlusu|staff',
          departmentCode: 'TEMIZLIK',
        },
      },
    ]);
  });

  it('reads `,` files with English headers and a line break inside quotes', () => {
    const csv =
      'username,email,name,roles,department,neighbourhood\n' +
      'a.muhtar,muhtar@karesi.example,"Ali\nVeli",muhtar,,Hisariçi\n' +
      'b.staff,b@karesi.example,"Yılmaz, Berk",staff,FEN,\n';
    const parsed = parseUserCsv(csv);
    expect(parsed.delimiter).toBe(',');
    expect(parsed.rows.map((r) => [r.line, r.values.displayName, r.values.neighbourhood])).toEqual([
      [3, 'Ali\nVeli', 'Hisariçi'],
      [4, 'Yılmaz, Berk', undefined],
    ]);
  });

  it('reports file-level problems instead of throwing', () => {
    expect(parseUserCsv('username;email\nx;y@z.example').fileIssues).toEqual([
      { field: 'displayName', code: 'user-import.missing-column' },
      { field: 'roles', code: 'user-import.missing-column' },
    ]);
    expect(parseUserCsv('username;email;name;roles\n').fileIssues).toEqual([
      { field: 'file', code: 'user-import.empty' },
    ]);
    expect(parseUserCsv('username;email;name;roles\n"a;b@c.example;A B;staff\n').fileIssues).toEqual([
      { field: 'file', code: 'user-import.unreadable' },
    ]);
    const many = ['username;email;name;roles'];
    for (let i = 0; i <= MAX_IMPORT_ROWS; i++) many.push(`u${i}.x;u${i}@x.example;Kişi ${i};staff`);
    expect(parseUserCsv(many.join('\n')).fileIssues).toEqual([
      { field: 'file', code: 'user-import.too-many-rows' },
    ]);
  });
});

describe('checkImportRows', () => {
  const header = 'username;email;name;roles;department;mahalle\n';

  it('turns valid rows into candidates: normalised login and e-mail, roles and departments by name', () => {
    expect(
      verdicts(
        `${header}Cagla.Sahin;CAGLA@Karesi.example;Çağla Şahin;Personel|Birim Sorumlusu;fen işleri;\n`,
      ),
    ).toEqual([
      {
        line: 2,
        issues: [],
        candidate: {
          username: 'cagla.sahin',
          email: 'cagla@karesi.example',
          displayName: 'Çağla Şahin',
          roles: ['staff', 'supervisor'],
          departmentCode: 'FEN',
        },
      },
    ]);
  });

  it('gives a precise reason per field', () => {
    const csv =
      header +
      'ok.one;ok1@x.example;Bir Kişi;staff;FEN;\n' +
      'Bad Name;not-mail;A;wizard;UZAY;\n' +
      'no.role;nr@x.example;Rolsüz Kişi;;;\n' +
      'op.one;op@x.example;Operatör;platform;;\n' +
      'muhtar.one;m1@x.example;Muhtar Bir;muhtar;;\n' +
      'muhtar.two;m2@x.example;Muhtar İki;muhtar;;Yokmahalle\n' +
      'staff.hood;sh@x.example;Mahalleli;staff;;HİSARİÇİ\n' +
      'muhtar.ok;m3@x.example;Muhtar Üç;muhtar;;hisarici\n' +
      'OK.ONE;other@x.example;Aynı Login;staff;;\n' +
      'other.login;OK1@x.example;Aynı E-posta;staff;;\n';
    expect(verdicts(csv).map((v) => [v.line, v.issues])).toEqual([
      [2, []],
      [
        3,
        [
          'username:user-import.invalid-username',
          'email:user-import.invalid-email',
          'displayName:user-import.missing-name',
          'roles:user-import.unknown-role',
          'departmentCode:user-import.unknown-department',
        ],
      ],
      [4, ['roles:user-import.missing-role']],
      [5, ['roles:user-import.role-not-allowed']],
      [6, ['neighbourhood:user-import.neighbourhood-required']],
      [7, ['neighbourhood:user-import.unknown-neighbourhood']],
      [8, ['neighbourhood:user-import.neighbourhood-only-muhtar']],
      [9, []],
      [10, ['username:user-import.duplicate-in-file']],
      [11, ['email:user-import.duplicate-in-file']],
    ]);
    expect(verdicts(csv)[7]?.candidate?.neighbourhood).toBe('Hisariçi');
  });
});

describe('user administration schemas', () => {
  it('accepts an invitation and refuses e-mail-shaped or upper-case usernames and the integration role', () => {
    const base = {
      username: 'ayse.yilmaz',
      email: 'ayse@karesi.example',
      displayName: 'Ayşe Yılmaz',
      roles: ['staff'],
    };
    expect(UserInvitation.safeParse(base).success).toBe(true);
    for (const username of ['ayse@karesi.example', 'Ayse.Yilmaz', 'ay', 'ayşe'])
      expect(UserInvitation.safeParse({ ...base, username }).error?.issues[0]?.message).toBe('user.username');
    expect(UserInvitation.safeParse({ ...base, roles: ['integration'] }).success).toBe(false);
    expect(UserInvitation.safeParse({ ...base, roles: [] }).error?.issues[0]?.message).toBe(
      'user.roles-required',
    );
    expect(UserInvitation.safeParse({ ...base, tenant_id: 'x' }).success).toBe(false);
  });

  it('needs something to change, and null clears the department', () => {
    expect(UserUpdate.safeParse({}).error?.issues[0]?.message).toBe('user.nothing-to-change');
    expect(UserUpdate.parse({ departmentCode: null })).toEqual({ departmentCode: null });
  });

  it('searches names, logins and e-mails without regard to case or Turkish letters', () => {
    const user = { displayName: 'Çağla Şahin', username: 'cagla.sahin', email: 'cagla@karesi.example' };
    expect(matchesUserSearch(user, 'CAGLA SAH')).toBe(true);
    expect(matchesUserSearch(user, 'şahin')).toBe(true);
    expect(matchesUserSearch(user, 'karesi.ex')).toBe(true);
    expect(matchesUserSearch(user, 'öztürk')).toBe(false);
  });

  it('generates temporary passwords that meet the pool policy', () => {
    const policy = {
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: false,
    };
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generateTemporaryPassword(policy);
      expect(password).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*[2-9]).{16,}$/);
      expect(password).not.toMatch(/[0O1lI]/);
      seen.add(password);
    }
    expect(seen.size).toBe(200);
    expect(generateTemporaryPassword({ ...policy, minLength: 24, requireSymbols: true })).toMatch(
      /^(?=.*[!#%+\-=?@]).{24}$/,
    );
  });
});
